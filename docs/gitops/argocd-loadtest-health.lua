-- Argo CD health check for loadlab LoadTests (argocd-cm: resource.customizations.health.loadlab.dev_LoadTest).
-- Healthy once the test Succeeded; Degraded when it Failed, was Aborted, is Invalid, or was Inconclusive (a runner
-- was saturated, so its figures cannot gate a release either way); Progressing otherwise, including while the
-- operator has not yet seen the latest generation.
hs = {}
if obj.status == nil or obj.status.phase == nil or
   (obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the loadlab operator"
  return hs
end
local phase = obj.status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
elseif phase == "Failed" or phase == "Aborted" or phase == "Invalid" or phase == "Inconclusive" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
hs.message = phase .. ": " .. (obj.status.message or "")
return hs
