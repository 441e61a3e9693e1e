package dev.vigil.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the compiled classes of every module: data
 * flows one way, stores know neither the collector nor each other, frameworks stay at the edges.
 */
class ArchitectureTest {
  private static JavaClasses vigil;

  @BeforeAll
  static void importClasses() {
    vigil =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");
  }

  @Test
  void theModelDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.model..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.vigil.model..", "java..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void theCollectorKnowsNoStore() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.collector..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.tsdb..",
            "dev.vigil.logindex..",
            "dev.vigil.tracestore..",
            "dev.vigil.alert..",
            "dev.vigil.promql..",
            "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void storesKnowNeitherTheCollectorNorEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.tsdb..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.collector..",
            "dev.vigil.logindex..",
            "dev.vigil.tracestore..",
            "dev.vigil.alert..",
            "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.logindex..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.collector..",
            "dev.vigil.tsdb..",
            "dev.vigil.tracestore..",
            "dev.vigil.alert..",
            "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.tracestore..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.collector..",
            "dev.vigil.tsdb..",
            "dev.vigil.logindex..",
            "dev.vigil.alert..",
            "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void theAlertEngineReadsNoStoreInternalsAndNeverTheCollector() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.alert..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.vigil.collector..", "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void queryEnginesSeeStorageInterfacesNotTheTsdb() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.vigil.promql..", "dev.vigil.alert..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.tsdb..",
            // The LogQL language (dev.vigil.logindex.logql: parser and AST, plain Java) is allowed,
            // as the PromQL parser is: the alert engine validates LogQL rules with it.
            "dev.vigil.logindex",
            "dev.vigil.logindex.query..",
            "dev.vigil.logindex.store..",
            "dev.vigil.logindex.tail..",
            "dev.vigil.logindex.translog..",
            "dev.vigil.tracestore..",
            "dev.vigil.collector..",
            "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void theDemoSpeaksOnlyOtlp() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.demo..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.model..", "dev.vigil.collector..", "dev.vigil.tsdb..", "dev.vigil.server..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void micronautStaysInTheServer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.vigil.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micronaut..")
        .allowEmptyShould(true)
        .check(vigil);
  }

  @Test
  void vertxStaysWhereRequestsArrive() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.vigil.collector..", "dev.vigil.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vertx..")
        .allowEmptyShould(true)
        .check(vigil);
  }
}
