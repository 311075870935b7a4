package io.tradepost;

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
  void writesTheModuleDiagram() {
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
        .writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
  }
}
