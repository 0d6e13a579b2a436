package io.titanicmq.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the rooms of DESIGN.md apart. */
@AnalyzeClasses(packages = "io.titanicmq", importOptions = {ImportOption.DoNotIncludeTests.class})
class ArchitectureTest {

    private static final String RUNTIME = "io.titanicmq.runtime..";

    @ArchTest
    static final ArchRule apiDependsOnNoRuntimeOrHostLibrary = noClasses().that().resideInAPackage("io.titanicmq.api..")
            .should().dependOnClassesThat().resideInAnyPackage(RUNTIME, "org.pf4j..", "com.typesafe..", "org.slf4j..",
                    "picocli..", "org.apache.commons..");

    @ArchTest
    static final ArchRule pluginsDependOnlyOnTheApi = noClasses().that().resideInAPackage("io.titanicmq.plugins..")
            .should().dependOnClassesThat().resideInAnyPackage(RUNTIME, "org.pf4j..", "org.zeromq..", "com.typesafe..");

    @ArchTest
    static final ArchRule brokerKnowsNoOtherRoom = noClasses().that().resideInAPackage("io.titanicmq.runtime.broker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.titanicmq.runtime.plugins..", "io.titanicmq.runtime.worker..",
                    "io.titanicmq.runtime.store..", "io.titanicmq.runtime.titanic..", "io.titanicmq.runtime.cli..",
                    "io.titanicmq.runtime.server..", "org.pf4j..");

    @ArchTest
    static final ArchRule localLinksKnowNoRoom = noClasses().that().resideInAPackage("io.titanicmq.runtime.local..")
            .should().dependOnClassesThat().resideInAnyPackage("io.titanicmq.runtime.broker..", "io.titanicmq.runtime.worker..",
                    "io.titanicmq.runtime.plugins..", "io.titanicmq.runtime.store..", "io.titanicmq.runtime.titanic..",
                    "io.titanicmq.runtime.cli..", "io.titanicmq.runtime.server..", "org.zeromq..", "zmq..");

    @ArchTest
    static final ArchRule storeKnowsNoNetworkOrOtherRoom = noClasses().that().resideInAPackage("io.titanicmq.runtime.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.zeromq..", "zmq..", "io.titanicmq.runtime.broker..",
                    "io.titanicmq.runtime.plugins..", "io.titanicmq.runtime.worker..", "io.titanicmq.runtime.titanic..",
                    "io.titanicmq.runtime.cli..", "io.titanicmq.runtime.server..", "org.pf4j..");

    @ArchTest
    static final ArchRule workerSideKnowsNoBrokerOrStore = noClasses().that()
            .resideInAnyPackage("io.titanicmq.runtime.worker..", "io.titanicmq.runtime.plugins..")
            .should().dependOnClassesThat().resideInAnyPackage("io.titanicmq.runtime.broker..", "io.titanicmq.runtime.store..",
                    "io.titanicmq.runtime.titanic..", "io.titanicmq.runtime.cli..", "io.titanicmq.runtime.server..");

    @ArchTest
    static final ArchRule onlyPf4jHostTouchesPf4j = noClasses().that().resideOutsideOfPackage("io.titanicmq.runtime.plugins..")
            .should().dependOnClassesThat().resideInAPackage("org.pf4j..");

    @ArchTest
    static final ArchRule onlyTheCommandLineUsesPicocli = noClasses().that().resideOutsideOfPackage("io.titanicmq.runtime.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..");

    @ArchTest
    static final ArchRule serverIsUsedOnlyByTheCommandLine = classes().that().resideInAPackage("io.titanicmq.runtime.server..")
            .should().onlyBeAccessed().byAnyPackage("io.titanicmq.runtime.server..", "io.titanicmq.runtime.cli..");

    @ArchTest
    static final ArchRule noJavaSerialization = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("java.io.ObjectInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream");

    @ArchTest
    static final ArchRule noPrintStackTrace = noClasses().should().callMethod(Throwable.class, "printStackTrace");

    @ArchTest
    static final ArchRule noSystemExitOutsideMain = noClasses().that().doNotHaveFullyQualifiedName("io.titanicmq.runtime.cli.Main")
            .should().callMethod(System.class, "exit", int.class);
}
