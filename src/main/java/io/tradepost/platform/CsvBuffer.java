package io.tradepost.platform;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * Rows encoded as PostgreSQL {@code COPY ... (FORMAT csv)} input, straight into bytes: no per-value
 * strings for numbers and timestamps, which is most of the cost at a million rows. Null is an empty
 * field; timestamps are {@code yyyy-MM-dd HH:mm:ss.SSSSSS}.
 */
public final class CsvBuffer {

  private byte[] bytes;
  private int size;

  public CsvBuffer(int capacity) {
    this.bytes = new byte[capacity];
  }

  public byte[] bytes() {
    return bytes;
  }

  public int size() {
    return size;
  }

  public void row(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        put((byte) ',');
      }
      value(values[i]);
    }
    put((byte) '\n');
  }

  private void value(Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof String text) {
      text(text);
    } else if (value instanceof Long number) {
      number(number);
    } else if (value instanceof Integer number) {
      number(number);
    } else if (value instanceof LocalDateTime time) {
      timestamp(time);
    } else {
      throw new IllegalArgumentException("No CSV form for " + value.getClass().getName());
    }
  }

  private void text(String text) {
    boolean plain = !text.isEmpty();
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = c >= ' ' && c < 0x7f && c != ',' && c != '"';
    }
    if (plain) {
      ensure(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
      return;
    }
    // Quoted, quotes doubled: also keeps an empty string apart from null.
    var utf8 = text.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
    ensure(utf8.length + 2);
    bytes[size++] = '"';
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
    bytes[size++] = '"';
  }

  private void number(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        text(Long.toString(value));
        return;
      }
      put((byte) '-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
  }

  private void timestamp(LocalDateTime time) {
    ensure(26);
    digits(time.getYear(), 4);
    bytes[size++] = '-';
    digits(time.getMonthValue(), 2);
    bytes[size++] = '-';
    digits(time.getDayOfMonth(), 2);
    bytes[size++] = ' ';
    digits(time.getHour(), 2);
    bytes[size++] = ':';
    digits(time.getMinute(), 2);
    bytes[size++] = ':';
    digits(time.getSecond(), 2);
    bytes[size++] = '.';
    digits(time.getNano() / 1_000, 6);
  }

  /** Writes a non-negative value as exactly {@code width} digits; the caller made room. */
  private void digits(int value, int width) {
    for (int i = size + width - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += width;
  }

  private void put(byte b) {
    ensure(1);
    bytes[size++] = b;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
