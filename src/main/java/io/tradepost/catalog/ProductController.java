package io.tradepost.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Paging;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "catalog")
class ProductController {

  private final Products products;

  ProductController(Products products) {
    this.products = products;
  }

  @RequiresScope(Scope.CATALOG_WRITE)
  @PutMapping("/{id}")
  @Operation(summary = "Create (201) or replace (200) a product")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Replaced")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
  ResponseEntity<ProductView> put(@PathVariable String id, @RequestBody PutProduct.Body body) {
    var command = PutProduct.of(id, body);
    boolean created = products.put(command);
    var view = ProductView.of(products.find(id).orElseThrow());
    return ResponseEntity.status(created ? 201 : 200).body(view);
  }

  @RequiresScope(Scope.CATALOG_READ)
  @GetMapping("/{id}")
  @Operation(summary = "One product; 404 when unknown")
  ProductView get(@PathVariable String id) {
    var check = new InvalidInput.Check();
    ProductIds.check(id, "id", check);
    check.done();
    return products.read(id).map(ProductView::of).orElseThrow(() -> NotFound.of("product", id));
  }

  @RequiresScope(Scope.CATALOG_READ)
  @GetMapping
  @Operation(summary = "Products ordered by id")
  Page list(@RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") long offset) {
    Paging.check(limit, offset);
    return new Page(products.list(limit, offset).stream().map(ProductView::of).toList(), products.count(), limit,
        offset);
  }

  record Page(List<ProductView> data, long total, int limit, long offset) {}
}
