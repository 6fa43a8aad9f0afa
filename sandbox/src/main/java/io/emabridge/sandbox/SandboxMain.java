package io.emabridge.sandbox;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * Runs both sandboxes until the process is stopped. Settings come from
 * {@code --name=value} arguments, else from system properties {@code sandbox.<name>},
 * else from the defaults:
 * <table>
 * <caption>settings</caption>
 * <tr>
 * <td>{@code archive.port}</td>
 * <td>8090</td>
 * </tr>
 * <tr>
 * <td>{@code archive.api-keys}</td>
 * <td>{@code sandbox-key} (comma-separated list)</td>
 * </tr>
 * <tr>
 * <td>{@code archive.base-domain}</td>
 * <td>{@code archive.example.test}</td>
 * </tr>
 * <tr>
 * <td>{@code archive.taken-status}</td>
 * <td>422</td>
 * </tr>
 * <tr>
 * <td>{@code archive.quota}</td>
 * <td>0 (none); else requests per second per API key, 429 with {@code Retry-After}
 * above</td>
 * </tr>
 * <tr>
 * <td>{@code archive.create-shape}</td>
 * <td>{@code reference} (or {@code overview}: the two documented create shapes)</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.port}</td>
 * <td>8091</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.identifier} / {@code whmcs.secret}</td>
 * <td>{@code sandbox} / {@code sandbox}</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.auto-create-services}</td>
 * <td>true (an unknown service id is created on first use)</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.access-key}</td>
 * <td>{@code sandbox-access-key} (empty: none, only allow-listed addresses get in)</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.allowed-ips}</td>
 * <td>none (comma-separated addresses that need no access key)</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.api-role}</td>
 * <td>every action (else the comma-separated actions the API role allows)</td>
 * </tr>
 * <tr>
 * <td>{@code whmcs.module-gateway-url} / {@code whmcs.module-gateway-secret}</td>
 * <td>none (a module command only changes the service's status); else module commands
 * publish their event, signed with the secret, to this event gateway as our module does
 * (see {@link WhmcsSandboxOptions#withModuleGateway})</td>
 * </tr>
 * <tr>
 * <td>{@code bind}</td>
 * <td>{@code 127.0.0.1}</td>
 * </tr>
 * <tr>
 * <td>{@code seed}</td>
 * <td>none (random)</td>
 * </tr>
 * <tr>
 * <td>{@code state-dir}</td>
 * <td>none (state in memory only); else the state survives a restart in {@code
 *
<dir>
 * /archive-sandbox.json} and {@code
 *
<dir>
 * /whmcs-sandbox.json}</td>
 * </tr>
 * </table>
 */
public final class SandboxMain {

	public static final int DEFAULT_ARCHIVE_PORT = 8090;

	public static final int DEFAULT_WHMCS_PORT = 8091;

	/** Name of the archive sandbox's state file in the {@code state-dir}. */
	public static final String ARCHIVE_STATE_FILE = "archive-sandbox.json";

	/** Name of the WHMCS sandbox's state file in the {@code state-dir}. */
	public static final String WHMCS_STATE_FILE = "whmcs-sandbox.json";

	private SandboxMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Sandboxes sandboxes = start(args);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sandboxes.close();
			stopped.countDown();
		}, "sandbox-shutdown"));
		System.out.println("Archive API sandbox: " + sandboxes.archive().baseUrl() + ArchiveSandbox.TENANTS_PATH);
		System.out.println("WHMCS API sandbox:   " + sandboxes.whmcs().apiUrl());
		sandboxes.archive().stateFile().ifPresent((file) -> System.out.println("Archive state:       " + file));
		sandboxes.whmcs().stateFile().ifPresent((file) -> System.out.println("WHMCS state:         " + file));
		stopped.await();
	}

	/**
	 * Starts both sandboxes from {@code --name=value} arguments over system properties
	 * over defaults.
	 */
	public static Sandboxes start(String... args) {
		Map<String, String> settings = settings(args);
		String bind = settings.getOrDefault("bind", "127.0.0.1");
		String seed = settings.get("seed");
		String stateDir = settings.get("state-dir");

		ArchiveSandboxOptions archive = ArchiveSandboxOptions.defaults()
			.withPort(Integer.parseInt(settings.getOrDefault("archive.port", Integer.toString(DEFAULT_ARCHIVE_PORT))))
			.withBindAddress(bind)
			.withApiKeys(
					settings.getOrDefault("archive.api-keys", ArchiveSandboxOptions.DEFAULT_API_KEY).split("\\s*,\\s*"))
			.withBaseDomain(settings.getOrDefault("archive.base-domain", ArchiveSandboxOptions.DEFAULT_BASE_DOMAIN))
			.withTakenStatus(Integer.parseInt(settings.getOrDefault("archive.taken-status", "422")))
			.withCreateShape(ArchiveSandboxOptions.CreateShape.of(settings.getOrDefault("archive.create-shape",
					settings.getOrDefault("archive-create-shape", "reference"))));
		WhmcsSandboxOptions whmcs = WhmcsSandboxOptions.defaults()
			.withPort(Integer.parseInt(settings.getOrDefault("whmcs.port", Integer.toString(DEFAULT_WHMCS_PORT))))
			.withBindAddress(bind)
			.withCredentials(settings.getOrDefault("whmcs.identifier", WhmcsSandboxOptions.DEFAULT_IDENTIFIER),
					settings.getOrDefault("whmcs.secret", WhmcsSandboxOptions.DEFAULT_SECRET))
			.withAutoCreateServices(Boolean.parseBoolean(settings.getOrDefault("whmcs.auto-create-services", "true")))
			.withAccessKey(settings.getOrDefault("whmcs.access-key", WhmcsSandboxOptions.DEFAULT_ACCESS_KEY))
			.withAllowedIps(list(settings.get("whmcs.allowed-ips")))
			.withApiRole(list(settings.get("whmcs.api-role")));
		String moduleGateway = settings.get("whmcs.module-gateway-url");
		if (moduleGateway != null && !moduleGateway.isBlank()) {
			String secret = settings.get("whmcs.module-gateway-secret");
			if (secret == null || secret.isBlank()) {
				throw new IllegalArgumentException("whmcs.module-gateway-url needs whmcs.module-gateway-secret,"
						+ " the secret the gateway checks the module's signature with");
			}
			whmcs = whmcs.withModuleGateway(moduleGateway, secret);
		}
		if (seed != null) {
			archive = archive.withSeed(Long.parseLong(seed));
			whmcs = whmcs.withSeed(Long.parseLong(seed));
		}
		if (stateDir != null && !stateDir.isBlank()) {
			Path dir = Path.of(stateDir.trim());
			archive = archive.withStateFile(dir.resolve(ARCHIVE_STATE_FILE));
			whmcs = whmcs.withStateFile(dir.resolve(WHMCS_STATE_FILE));
		}
		ArchiveSandbox archiveSandbox = ArchiveSandbox.start(archive);
		archiveSandbox.quota(Integer.parseInt(settings.getOrDefault("archive.quota", "0")));
		try {
			return new Sandboxes(archiveSandbox, WhmcsSandbox.start(whmcs));
		}
		catch (RuntimeException ex) {
			archiveSandbox.close();
			throw ex;
		}
	}

	private static Map<String, String> settings(String[] args) {
		Map<String, String> settings = new HashMap<>();
		System.getProperties().forEach((key, value) -> {
			String name = key.toString();
			if (name.startsWith("sandbox.")) {
				settings.put(name.substring("sandbox.".length()), value.toString());
			}
		});
		Arrays.stream(args).forEach((arg) -> {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("arguments look like --archive.port=8090, not " + arg);
			}
			settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		});
		return settings;
	}

	/** Both running sandboxes; closing stops both. */
	private static java.util.Set<String> list(String commaSeparated) {
		return (commaSeparated == null || commaSeparated.isBlank()) ? java.util.Set.of()
				: java.util.Set.of(commaSeparated.trim().split("\\s*,\\s*"));
	}

	public record Sandboxes(ArchiveSandbox archive, WhmcsSandbox whmcs) implements AutoCloseable {
		@Override
		public void close() {
			try {
				this.archive.close();
			}
			finally {
				this.whmcs.close();
			}
		}
	}

}
