package io.tradepost.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** {@code TRADEPOST_SECURITY_MODE=required}: keys even on loopback, before any key exists; CORS for the listed origin only. */
@SpringBootTest(properties = {"tradepost.db.url=jdbc:h2:mem:required-mode-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
    "tradepost.security.mode=required", "tradepost.security.cors-origins=https://shop.example"})
@AutoConfigureMockMvc
class RequiredModeIT {

  @Autowired
  MockMvc mvc;

  @Test
  void loopbackNeedsAKeyEvenBeforeTheFirstKeyExists() throws Exception {
    mvc.perform(get("/api/v1/products")).andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    mvc.perform(get("/health")).andExpect(status().isOk());
  }

  @Test
  void onlyTheListedOriginMayCallFromABrowser() throws Exception {
    mvc.perform(options("/api/v1/products").header("Origin", "https://shop.example")
            .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization"))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", "https://shop.example"));
    mvc.perform(options("/api/v1/products").header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "GET"))
        .andExpect(status().isForbidden())
        .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
  }
}
