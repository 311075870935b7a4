package io.tradepost.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The settlement CSV: {@code merchant_id,date,gross,fee,net,txn_count}, amounts with two decimals.
 * A cell that a spreadsheet would take for a formula ({@code = + - @}, tab, carriage return) is
 * prefixed with {@code '}; a cell with a comma, quote or line break is quoted (RFC 4180).
 */
final class CsvReport {

  static final String HEADER = "merchant_id,date,gross,fee,net,txn_count\n";
  private final Writer out;

  CsvReport(Writer out) {
    this.out = out;
  }

  void header() {
    write(HEADER);
  }

  /** Amounts in minor units, exact whatever their size (a sum over a day's parts may exceed a long). */
  void line(LocalDate date, String merchantId, BigDecimal gross, BigDecimal fee, BigDecimal net, long txnCount) {
    write(cell(merchantId) + ',' + date + ',' + amount(gross) + ',' + amount(fee) + ',' + amount(net) + ','
        + txnCount + '\n');
  }

  /** Minor units as a decimal with two places, as {@code Money.toDecimal} writes them. */
  static String amount(BigDecimal minorUnits) {
    return minorUnits.setScale(0, RoundingMode.UNNECESSARY).movePointLeft(2).toPlainString();
  }

  /** Text from outside (merchant ids) made safe for a spreadsheet; numbers are written as they are. */
  static String cell(String text) {
    var safe = text;
    if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe;
    }
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      safe = '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  private void write(String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
