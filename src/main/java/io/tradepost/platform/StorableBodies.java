package io.tradepost.platform;

import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Refuses a request body holding text no database can store ({@link StorableText}), naming the
 * field, for every {@code @RequestBody} of every route: one bad value must never reach a statement
 * that other requests share (an event's group commit) or turn into a 500.
 */
@ControllerAdvice
class StorableBodies extends RequestBodyAdviceAdapter {

  private final ObjectMapper json;

  StorableBodies(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public boolean supports(MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    var check = new InvalidInput.Check();
    if (body instanceof CharSequence text) {
      // A raw body (NDJSON) is checked again, value by value, by whoever parses it.
      if (!StorableText.isStorable(text)) {
        check.add("body", StorableText.PROBLEM);
      }
    } else {
      // The bound record as JSON again: its fields carry the names the client sent.
      StorableText.check(body instanceof JsonNode node ? node : json.valueToTree(body), "", check);
    }
    check.done();
    return body;
  }
}
