package dev.snaplife.platform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering every service follows (STYLE.md §1): domain depends on nothing technical, use cases
 * on ports rather than adapters or SDKs, adapters not on each other, and inbound adapters only
 * translate. Rules hold vacuously for layers a service does not have yet.
 */
public final class ServiceArchitectureRules {

  private ServiceArchitectureRules() {}

  public static void check(String basePackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(basePackage);

    noClasses()
        .that()
        .resideInAPackage(basePackage + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "software.amazon..",
            "io.awspring..",
            "tools.jackson..",
            "dev.snaplife.platform..",
            basePackage + ".application..",
            basePackage + ".adapter..")
        .as("domain code is free of Spring, AWS and the layers above it")
        .allowEmptyShould(true)
        .check(classes);

    noClasses()
        .that()
        .resideInAPackage(basePackage + ".application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "software.amazon..",
            "io.awspring..",
            basePackage + ".adapter..")
        .as("use cases talk to the world through ports, not SDKs or adapters")
        .allowEmptyShould(true)
        .check(classes);

    noClasses()
        .that()
        .resideInAPackage(basePackage + ".adapter.in..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..")
        .as("inbound adapters only translate events into use-case calls")
        .allowEmptyShould(true)
        .check(classes);

    slices()
        .matching(basePackage + ".adapter.(*).(*)..")
        .should()
        .notDependOnEachOther()
        .as("adapters do not depend on each other")
        .allowEmptyShould(true)
        .check(classes);
  }
}
