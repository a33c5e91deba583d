{{- define "loadlab.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "loadlab.labels" -}}
app.kubernetes.io/name: loadlab-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: loadlab
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "loadlab.selectorLabels" -}}
app.kubernetes.io/name: loadlab-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "loadlab.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "loadlab.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The rules the operator needs, and nothing more. */}}
{{- define "loadlab.rules" -}}
- apiGroups: [loadlab.dev]
  resources: [loadtests, dashboards]
  verbs: [get, list, watch, patch, update, delete]
- apiGroups: [loadlab.dev]
  resources: [loadtests/status, dashboards/status]
  verbs: [get, patch, update]
- apiGroups: [loadlab.dev]
  resources: [loadtests/finalizers, dashboards/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [pods, configmaps, services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- if .Values.networkPolicy.enabled }}
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, create, update, patch, delete]
{{- end }}
- apiGroups: [monitoring.coreos.com]
  resources: [podmonitors]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [monitoring.coreos.com]
  resources: [prometheuses]
  verbs: [get, list, watch]
{{- include "loadlab.grafanaOperatorRules" . }}
{{- end -}}

{{- define "loadlab.grafanaOperatorRules" -}}
{{- if not (empty .Values.grafana.grafanaOperator.instanceSelector) }}
- apiGroups: [grafana.integreatly.org]
  resources: [grafanadashboards]
  verbs: [get, list, watch, create, update, patch, delete]
{{- end }}
{{- end -}}

{{- define "loadlab.podMonitorLabels" -}}
{{- $pairs := list -}}
{{- range $k, $v := .Values.podMonitor.labels -}}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{- define "loadlab.instanceSelector" -}}
{{- $pairs := list -}}
{{- range $k, $v := .Values.grafana.grafanaOperator.instanceSelector -}}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
