package dev.vigil.tracestore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module's layering: what each package may see. */
@AnalyzeClasses(
    packages = "dev.vigil.tracestore",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ROOT = "dev.vigil.tracestore";

  @ArchTest
  static final ArchRule noOtherVigilModule =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.vigil.tsdb..",
              "dev.vigil.collector..",
              "dev.vigil.server..",
              "dev.vigil.logindex..",
              "dev.vigil.promql..",
              "dev.vigil.alert..");

  @ArchTest
  static final ArchRule queriesKnowNoEngine =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.lucene..",
              ROOT + ".search..",
              ROOT + ".segment..",
              ROOT + ".wal..",
              ROOT + ".codec..");

  @ArchTest
  static final ArchRule derivedDataIsPlainFunctionsOverTheModel =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".derived..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.lucene..",
              ROOT + ".search..",
              ROOT + ".segment..",
              ROOT + ".wal..",
              ROOT + ".codec..",
              ROOT + ".query..");

  @ArchTest
  static final ArchRule storageKnowsNoSearch =
      noClasses()
          .that()
          .resideInAnyPackage(ROOT + ".codec..", ROOT + ".segment..", ROOT + ".wal..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.lucene..", ROOT + ".search..", ROOT + ".query..");

  @ArchTest
  static final ArchRule walAndSegmentsAreIndependent =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".wal..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".segment..");

  @ArchTest
  static final ArchRule luceneStaysInSearch =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".search..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.lucene..");
}
