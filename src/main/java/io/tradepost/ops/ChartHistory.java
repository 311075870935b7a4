package io.tradepost.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of the last hour, kept in memory: one float per series per point in fixed arrays (an hour
 * at 10 s is 360 points, about 10 KB for all series), the oldest point overwritten by the newest.
 */
final class ChartHistory {

  /** The series, in the order of {@link #add}'s values; the names are what the page's charts ask for. */
  static final List<String> SERIES = List.of("orders_per_minute", "out_of_stock_percent", "accepted_per_second",
      "applied_per_second", "backlog", "apply_lag_seconds");

  private final long[] times;
  private final float[][] values;
  private int next;
  private int size;

  ChartHistory(int points) {
    times = new long[points];
    values = new float[SERIES.size()][points];
  }

  synchronized void add(long epochSecond, double... point) {
    times[next] = epochSecond;
    for (int s = 0; s < values.length; s++) {
      values[s][next] = (float) point[s];
    }
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
  }

  /** The newest point as {@code [time, series...]}; empty before the first. */
  synchronized List<Number> newest() {
    if (size == 0) {
      return List.of();
    }
    int last = (next - 1 + times.length) % times.length;
    var point = new ArrayList<Number>(values.length + 1);
    point.add(times[last]);
    for (var series : values) {
      point.add(series[last]);
    }
    return point;
  }

  /** Oldest first, as uPlot takes it: {@code time} in epoch seconds, then one array per series. */
  synchronized Map<String, List<Number>> columns() {
    var columns = new LinkedHashMap<String, List<Number>>();
    var time = new ArrayList<Number>(size);
    int start = (next - size + times.length) % times.length;
    for (int i = 0; i < size; i++) {
      time.add(times[(start + i) % times.length]);
    }
    columns.put("time", time);
    for (int s = 0; s < values.length; s++) {
      var column = new ArrayList<Number>(size);
      for (int i = 0; i < size; i++) {
        column.add(values[s][(start + i) % times.length]);
      }
      columns.put(SERIES.get(s), column);
    }
    return columns;
  }
}
