package io.tradepost.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.tradepost.platform.Scope;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Protected mode: until the first key exists, loopback callers need none and everyone else is refused. */
@SpringBootTest(properties = "tradepost.db.url=jdbc:h2:mem:protected-mode-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
@AutoConfigureMockMvc
class ProtectedModeIT {

  @Autowired
  MockMvc mvc;
  @Autowired
  KeyRegistry registry;
  @Autowired
  KeyRing ring;
  @Autowired
  JdbcClient jdbc;

  @AfterEach
  void noKeysAgain() {
    jdbc.sql("DELETE FROM api_keys").update();
    ring.refresh();
  }

  @Test
  void loopbackNeedsNoKeyUntilTheFirstKeyExistsAndOthersAlwaysDo() throws Exception {
    mvc.perform(get("/api/v1/products").with(from("127.0.0.1"))).andExpect(status().isOk());
    mvc.perform(get("/api/v1/products").with(from("::1"))).andExpect(status().isOk());
    mvc.perform(get("/api/v1/products").with(from("10.1.2.3")))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Bearer"))
        .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
        .andExpect(jsonPath("$.detail").value(containsString("keys create")));
    mvc.perform(get("/health").with(from("10.1.2.3"))).andExpect(status().isOk());

    var key = registry.create(new KeyRegistry.NewKey("first", Set.of(Scope.CATALOG_READ), null, null)).secretKey();
    ring.refresh();

    mvc.perform(get("/api/v1/products").with(from("127.0.0.1"))).andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/products").with(from("10.1.2.3")).header("Authorization", "Bearer " + key))
        .andExpect(status().isOk());
  }

  @Test
  void failedAuthenticationsFromOneAddressAreRateLimited() throws Exception {
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      var response = mvc.perform(get("/api/v1/products").with(from("10.9.9.9"))
          .header("Authorization", "Bearer tp_zzzzzzzz_guess" + i)).andReturn().getResponse();
      if (response.getStatus() == 429) {
        limited++;
        assertThat(response.getHeader("Retry-After")).isNotNull();
        assertThat(response.getContentAsString()).contains("\"code\":\"RATE_LIMITED\"");
      } else {
        assertThat(response.getStatus()).isEqualTo(401);
      }
    }
    assertThat(limited).as("20/s per address, 40 guesses").isPositive();
  }

  private static RequestPostProcessor from(String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }
}
