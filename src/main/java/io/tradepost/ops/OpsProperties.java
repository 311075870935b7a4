package io.tradepost.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard's settings ({@code tradepost.ops.*}).
 *
 * @param sampleEvery how often this instance reads the cluster's state and sends what changed to its open streams
 * @param chartStep time between two points of the charts
 * @param chartSpan how far back the charts reach (kept in memory: span / step points of each series)
 * @param heartbeat how often an idle stream gets a heartbeat, so proxies keep it open and the page knows it is live
 * @param streamTimeout how long one stream lasts before the browser reconnects (it does so by itself)
 */
@ConfigurationProperties("tradepost.ops")
record OpsProperties(
    @DefaultValue("2s") Duration sampleEvery,
    @DefaultValue("10s") Duration chartStep,
    @DefaultValue("1h") Duration chartSpan,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("30m") Duration streamTimeout) {

  OpsProperties {
    if (sampleEvery.isNegative() || sampleEvery.isZero() || chartStep.compareTo(sampleEvery) < 0
        || chartSpan.compareTo(chartStep) < 0) {
      throw new IllegalArgumentException(
          "tradepost.ops: sample-every must be positive, chart-step at least sample-every, chart-span at least chart-step");
    }
  }

  int chartPoints() {
    return (int) (chartSpan.toMillis() / chartStep.toMillis());
  }
}
