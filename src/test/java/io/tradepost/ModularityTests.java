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

  @Test
  void writesTheModuleDiagram() {
    new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
  }
}
