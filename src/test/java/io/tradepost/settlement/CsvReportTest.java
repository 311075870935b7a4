package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CsvReportTest {

  @Test
  void amountsHaveTwoDecimalsAndRefundsCanMakeALineNegative() {
    var out = new StringWriter();
    var csv = new CsvReport(out);
    csv.header();
    csv.line(LocalDate.parse("2025-03-01"), "m01", BigDecimal.valueOf(10_000), BigDecimal.valueOf(320),
        BigDecimal.valueOf(9_680), 1);
    csv.line(LocalDate.parse("2025-03-02"), "m02", BigDecimal.valueOf(-5_000), BigDecimal.ZERO,
        BigDecimal.valueOf(-5_000), -1);

    assertThat(out).hasToString("""
        merchant_id,date,gross,fee,net,txn_count
        m01,2025-03-01,100.00,3.20,96.80,1
        m02,2025-03-02,-50.00,0.00,-50.00,-1
        """);
  }

  @Test
  void cellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
    assertThat(CsvReport.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(CsvReport.cell("+1")).isEqualTo("'+1");
    assertThat(CsvReport.cell("-1")).isEqualTo("'-1");
    assertThat(CsvReport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvReport.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReport.cell("merchant-7")).isEqualTo("merchant-7");
  }
}
