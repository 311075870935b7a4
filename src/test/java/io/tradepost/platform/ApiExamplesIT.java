package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.ExampleCheck;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The examples integrators read in the served document ({@code openapi/examples.yaml}, the problem
 * and download examples) are true to the schemas next to them, and no JSON body goes without one.
 */
@OnH2
class ApiExamplesIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int port;

  @Test
  void everyExampleMatchesItsSchemaAndEveryJsonBodyHasOne() {
    assertThat(ExampleCheck.problems(served())).isEmpty();
  }

  @Test
  void anExampleOfTheWrongTypeIsReported() {
    var document = served();
    ((ObjectNode) document.at("/paths/~1orders/post/responses/201/content/application~1json/examples/confirmed/value"))
        .put("quantity", "two");

    assertThat(ExampleCheck.problems(document))
        .anySatisfy(problem -> assertThat(problem).startsWith("POST /orders 201 application/json").contains("/quantity"));
  }

  @Test
  void anAnswerWithoutAnExampleIsReported() {
    var document = served();
    ((ObjectNode) document.at("/paths/~1api~1v1~1products~1{id}/get/responses/200/content/application~1json"))
        .remove("examples");

    assertThat(ExampleCheck.problems(document))
        .contains("GET /api/v1/products/{id} 200 application/json has no example");
  }

  @Test
  void aMemberNoExampleShowsIsReported() {
    var document = served();
    ((ObjectNode) document.at("/components/schemas/OrderView/properties")).putObject("discount").put("type", "number");

    assertThat(ExampleCheck.problems(document)).contains("schema OrderView: [discount] in no example");
  }

  private JsonNode served() {
    var response = new Http(port).get("/v3/api-docs");
    assertThat(response.status).isEqualTo(200);
    return JSON.readTree(response.body);
  }
}
