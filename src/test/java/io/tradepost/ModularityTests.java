package io.tradepost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Module boundaries of DESIGN §2: each module reaches others only through their root-package API. */
class ModularityTests {

  static final ApplicationModules modules = ApplicationModules.of(TradepostApplication.class);

  @Test
  void modulesOnlyUseEachOthersPublicApi() {
    modules.verify();
  }

  /** Into docs/modules, committed: a change of the modules shows as a change of the diagram. */
  @Test
  void writesTheModuleDiagram() throws IOException {
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
        .writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    try (var diagrams = Files.list(DOCS)) {
      for (var diagram : diagrams.toList()) {
        Files.write(diagram, inStableOrder(Files.readAllLines(diagram)));
      }
    }
  }

  static final Path DOCS = Path.of("docs/modules");

  /** The Documenter lists components and relations in no fixed order: sorted, a diagram changes only with the modules. */
  static List<String> inStableOrder(List<String> lines) {
    var sorted = new ArrayList<String>(lines.size());
    for (int i = 0; i < lines.size(); ) {
      var kind = kind(lines.get(i));
      int end = i + 1;
      while (kind != null && end < lines.size() && kind.equals(kind(lines.get(end)))) {
        end++;
      }
      var run = new ArrayList<>(lines.subList(i, end));
      if (kind != null) {
        Collections.sort(run);
      }
      sorted.addAll(run);
      i = end;
    }
    return sorted;
  }

  private static String kind(String line) {
    var trimmed = line.strip();
    return trimmed.startsWith("Rel(") ? "Rel" : trimmed.startsWith("Component(") ? "Component" : null;
  }
}
