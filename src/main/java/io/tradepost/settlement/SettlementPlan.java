package io.tradepost.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a job cuts its range into chunks of about {@code chunkRows} ledger transactions each, made once
 * from the number of transactions on every day: quiet days are grouped into one chunk (at most
 * {@value #MAX_DAYS_PER_CHUNK} days), a busy day is split into equal time slices. Stored with the
 * job as text ({@code "8d 8d 2p 2p 6d"}: eight whole days, eight days, one day in two parts, ...), so
 * a resumed job walks exactly the chunks its first runner planned, whatever was added to the ledger
 * since.
 */
record SettlementPlan(List<Step> steps) {

  /** A chunk's day expression grows with its days (a CASE per day outside UTC); this bounds it. */
  static final int MAX_DAYS_PER_CHUNK = 31;

  /** A day is never cut finer than this: the stored plan stays a few kilobytes at most. */
  static final int MAX_PARTS_PER_DAY = 1_000;

  private static final Pattern STEP = Pattern.compile("(\\d+)([dp])");

  SettlementPlan {
    steps = List.copyOf(steps);
  }

  /** {@code days} whole days in one chunk, or ({@code split}) one day in {@code count} parts. */
  record Step(int count, boolean split) {}

  /**
   * Plans chunks of about {@code chunkRows}: the total is spread over as few chunks as that allows,
   * so 1,000,000 transactions at 250,000 make four chunks of about 250,000, not four and a rest.
   */
  static SettlementPlan of(long[] perDay, long chunkRows) {
    long total = 0;
    for (long n : perDay) {
      total += n;
    }
    long chunks = Math.max(1, (total + chunkRows - 1) / chunkRows);
    long target = Math.max(1, (total + chunks - 1) / chunks);
    var steps = new ArrayList<Step>();
    int days = 0;
    long rows = 0;
    for (long n : perDay) {
      if (n > chunkRows) {
        if (days > 0) {
          steps.add(new Step(days, false));
          days = 0;
          rows = 0;
        }
        int parts = (int) Math.min(MAX_PARTS_PER_DAY, (n + chunkRows - 1) / chunkRows);
        steps.add(new Step(parts, true));
        continue;
      }
      days++;
      rows += n;
      if (rows >= target || days == MAX_DAYS_PER_CHUNK) {
        steps.add(new Step(days, false));
        days = 0;
        rows = 0;
      }
    }
    if (days > 0) {
      steps.add(new Step(days, false));
    }
    return new SettlementPlan(steps);
  }

  static SettlementPlan parse(String text) {
    var steps = new ArrayList<Step>();
    for (var token : text.trim().split(" ")) {
      var match = STEP.matcher(token);
      if (!match.matches()) {
        throw new IllegalArgumentException("Not a settlement plan: " + text);
      }
      steps.add(new Step(Integer.parseInt(match.group(1)), match.group(2).equals("p")));
    }
    return new SettlementPlan(steps);
  }

  String text() {
    var text = new StringBuilder();
    for (var step : steps) {
      text.append(text.isEmpty() ? "" : " ").append(step.count()).append(step.split() ? 'p' : 'd');
    }
    return text.toString();
  }

  /** The chunks, in order over the range; chunk {@code i} has index {@code i}. */
  List<Chunk> chunks(SettlementRange range) {
    var chunks = new ArrayList<Chunk>();
    var day = range.from();
    for (var step : steps) {
      if (step.split()) {
        var start = range.startOf(day);
        var end = range.startOf(day.plusDays(1));
        long length = ChronoUnit.MICROS.between(start, end);
        int parts = step.count();
        for (int part = 0; part < parts; part++) {
          chunks.add(new Chunk(chunks.size(), day, day, start.plus(length * part / parts, ChronoUnit.MICROS),
              part == parts - 1 ? end : start.plus(length * (part + 1) / parts, ChronoUnit.MICROS)));
        }
        day = day.plusDays(1);
      } else {
        var last = day.plusDays(step.count() - 1L);
        chunks.add(new Chunk(chunks.size(), day, last, range.startOf(day), range.startOf(last.plusDays(1))));
        day = last.plusDays(1);
      }
    }
    if (!day.equals(range.to().plusDays(1))) {
      throw new IllegalStateException("Plan " + text() + " does not cover " + range.from() + ".." + range.to());
    }
    return chunks;
  }

  /**
   * One statement's worth of work: the ledger transactions in [start, end), settled into the days
   * {@code firstDay}..{@code lastDay} (one day, or a slice of one day, unless it groups quiet days).
   * Its lines carry {@code index} as their {@code part}, so the chunk can replace exactly its own lines.
   */
  record Chunk(int index, LocalDate firstDay, LocalDate lastDay, Instant start, Instant end) {

    boolean oneDay() {
      return firstDay.equals(lastDay);
    }
  }
}
