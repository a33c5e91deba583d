package dev.loadlab.runner.engine;

/**
 * This runner's share of the load when {@code count} runners split it: runner {@code index} gets
 * {@code floor((index+1)*total/count) - floor(index*total/count)} of any whole quantity (VUs,
 * iterations), so the shares of all runners add up to exactly the total; of an arrival sequence it takes
 * every {@code count}-th arrival starting at its index, so together the runners start exactly the
 * arrivals one runner would, at the same instants.
 */
public record Segment(int index, int count) {
  public static final Segment WHOLE = new Segment(0, 1);

  public Segment {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("runner index " + index + " of " + count + ": the index must be in 0.."
          + (count - 1));
    }
  }

  public long share(long total) {
    return Math.floorDiv((index + 1) * total, count) - Math.floorDiv(index * total, count);
  }

  public int share(int total) {
    return (int) share((long) total);
  }

  /** This runner's first arrival (0-based) of the whole sequence. */
  public long firstArrival() {
    return index;
  }

  /** This runner's arrival after the k-th. */
  public long nextArrival(long k) {
    return k + count;
  }
}
