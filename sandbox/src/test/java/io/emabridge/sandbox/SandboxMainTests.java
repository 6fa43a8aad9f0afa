package io.emabridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SandboxMainTests {

	@Test
	void startsBothSandboxesFromArguments() throws IOException {
		try (SandboxMain.Sandboxes sandboxes = SandboxMain.start("--archive.port=0", "--whmcs.port=0",
				"--archive.api-keys=k1, k2", "--whmcs.identifier=me", "--whmcs.secret=pw", "--seed=1")) {
			assertThat(TestHttp.get(sandboxes.archive().tenantsUrl(), "k2").status()).isEqualTo(200);
			assertThat(TestHttp.get(sandboxes.archive().tenantsUrl(), "sandbox-key").status()).isEqualTo(401);
			assertThat(sandboxes.whmcs().autoCreateServices()).isTrue();
			TestHttp.Response whmcs = TestHttp.postForm(sandboxes.whmcs().apiUrl(), Map.of("identifier", "me", "secret",
					"pw", "action", "GetClientsProducts", "serviceid", "1", "responsetype", "json"));
			assertThat(whmcs.json().get("totalresults").asInt()).isEqualTo(1);
		}
	}

	@Test
	void readsSystemPropertiesUnderArguments() throws IOException {
		System.setProperty("sandbox.archive.port", "0");
		System.setProperty("sandbox.whmcs.port", "0");
		System.setProperty("sandbox.whmcs.auto-create-services", "false");
		try (SandboxMain.Sandboxes sandboxes = SandboxMain.start("--whmcs.auto-create-services=true")) {
			assertThat(sandboxes.archive().port()).isNotEqualTo(SandboxMain.DEFAULT_ARCHIVE_PORT);
			assertThat(sandboxes.whmcs().autoCreateServices()).isTrue();
			assertThat(TestHttp.get(sandboxes.archive().tenantsUrl(), "sandbox-key").status()).isEqualTo(200);
		}
		finally {
			System.clearProperty("sandbox.archive.port");
			System.clearProperty("sandbox.whmcs.port");
			System.clearProperty("sandbox.whmcs.auto-create-services");
		}
	}

	@Test
	void keepsTheStateInTheStateDir(@TempDir Path dir) throws IOException {
		Path stateDir = dir.resolve("var");
		String[] args = { "--archive.port=0", "--whmcs.port=0", "--state-dir=" + stateDir };
		try (SandboxMain.Sandboxes sandboxes = SandboxMain.start(args)) {
			assertThat(TestHttp
				.send("POST", sandboxes.archive().tenantsUrl(), "sandbox-key", "{\"slug\":\"acme\",\"name\":\"Acme\"}")
				.status()).isEqualTo(201);
			TestHttp.postForm(sandboxes.whmcs().apiUrl(), Map.of("identifier", "sandbox", "secret", "sandbox", "action",
					"ModuleCreate", "serviceid", "4", "responsetype", "json"));
			assertThat(sandboxes.archive().stateFile())
				.hasValue(stateDir.resolve(SandboxMain.ARCHIVE_STATE_FILE).toAbsolutePath());
		}
		assertThat(stateDir.resolve("archive-sandbox.json")).exists();
		assertThat(stateDir.resolve("whmcs-sandbox.json")).exists();
		assertThat(Files.readString(stateDir.resolve("whmcs-sandbox.json"))).doesNotContain("\"sandbox\"");

		try (SandboxMain.Sandboxes sandboxes = SandboxMain.start(args)) {
			assertThat(sandboxes.archive().tenant("acme")).isPresent();
			assertThat(sandboxes.whmcs().service(4))
				.hasValueSatisfying((service) -> assertThat(service.status()).isEqualTo("Active"));
		}
	}

	@Test
	void readsTheModuleGatewayAndNeedsItsSecret() {
		try (SandboxMain.Sandboxes sandboxes = SandboxMain.start("--archive.port=0", "--whmcs.port=0",
				"--whmcs.module-gateway-url=http://127.0.0.1:8080/", "--whmcs.module-gateway-secret=s3cret")) {
			assertThat(sandboxes.whmcs().options().moduleGateway().url()).isEqualTo("http://127.0.0.1:8080");
			assertThat(sandboxes.whmcs().options().moduleGateway().secret()).isEqualTo("s3cret");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SandboxMain.start("--archive.port=0", "--whmcs.port=0",
					"--whmcs.module-gateway-url=http://127.0.0.1:8080"))
			.withMessageContaining("whmcs.module-gateway-secret");
	}

	@Test
	void rejectsMalformedArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> SandboxMain.start("archive.port=0"));
	}

}
