package io.tradepost.settlement;

import io.tradepost.platform.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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

  void line(LocalDate date, String merchantId, long gross, long fee, long net, long txnCount) {
    write(cell(merchantId) + ',' + date + ',' + Money.toDecimal(gross).toPlainString() + ','
        + Money.toDecimal(fee).toPlainString() + ',' + Money.toDecimal(net).toPlainString() + ',' + txnCount + '\n');
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
