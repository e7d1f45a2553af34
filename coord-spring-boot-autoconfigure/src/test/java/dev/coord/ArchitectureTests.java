package dev.coord;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the arrows pointing one way (STYLE.md, "Layout"): Spring packages may use the engine, the engine uses
 * neither Spring nor Micrometer, and within the engine only {@code core.etcd} sees jetcd and its transports.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("dev.coord");

	@Test
	void theEngineDependsOnNeitherSpringNorMicrometer() {
		assertThat(PRODUCTION.that(resideIn("dev.coord.core.."))).as("engine classes").isNotEmpty();
		ArchRule rule = noClasses().that()
			.resideInAPackage("dev.coord.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..");
		rule.check(PRODUCTION);
	}

	@Test
	void theEngineCoreLeavesEtcdGrpcAndVertxToItsEtcdPackage() {
		assertThat(PRODUCTION.that(resideIn("dev.coord.core"))).as("classes of dev.coord.core itself").isNotEmpty();
		ArchRule rule = noClasses().that()
			.resideInAPackage("dev.coord.core")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.etcd..", "io.grpc..", "io.vertx..");
		rule.check(PRODUCTION);
	}

	private static DescribedPredicate<JavaClass> resideIn(String packageIdentifier) {
		return JavaClass.Predicates.resideInAPackage(packageIdentifier);
	}

}
