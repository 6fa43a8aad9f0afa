package io.emabridge.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries shipped in a jar for embedding, unpacked once per version into
 * the temporary directory, and the way to run them (as "nobody" in a user namespace when
 * we are root).
 */
final class PostgresBinaries {

	private final Path home;

	private final boolean dropRoot;

	private PostgresBinaries(Path home, boolean dropRoot) {
		this.home = home;
		this.dropRoot = dropRoot;
	}

	static synchronized PostgresBinaries extract() {
		try {
			byte[] archive;
			try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
				archive = in.readAllBytes();
			}
			String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive), 0, 8);
			Path home = Path.of(System.getProperty("java.io.tmpdir"), "ema-postgres-" + digest);
			Path marker = home.resolve(".complete");
			Files.createDirectories(home);
			try (FileChannel lockFile = FileChannel.open(home.resolveSibling("ema-postgres-" + digest + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				if (!Files.exists(marker)) {
					untar(archive, home);
					Files.createFile(marker);
				}
			}
			return new PostgresBinaries(home, new UnixSystem().getUid() == 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack the PostgreSQL binaries", ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a PostgreSQL tool to completion, failing with its output when it fails. */
	void run(List<String> command, Duration timeout) {
		try {
			Process process = builder(command).redirectErrorStream(true).start();
			var output = new ByteArrayOutputStream();
			process.getInputStream().transferTo(output);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed (exit " + process.exitValue() + "): "
						+ output.toString(StandardCharsets.UTF_8).strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	/**
	 * Starts a long-running PostgreSQL program with its output appended to a log file.
	 */
	Process start(List<String> command, Path logFile) throws IOException {
		return builder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.start();
	}

	private ProcessBuilder builder(List<String> command) {
		List<String> full = new ArrayList<>();
		if (this.dropRoot) {
			// PostgreSQL will not run as root. In a user namespace it runs as "nobody",
			// mapped back to us outside,
			// so it can still use the files and folders we own.
			full.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534", "--"));
		}
		full.add(this.home.resolve("bin").resolve(command.get(0)).toString());
		full.addAll(command.subList(1, command.size()));
		ProcessBuilder builder = new ProcessBuilder(full);
		builder.environment().put("LC_ALL", "C");
		return builder;
	}

	private static void untar(byte[] archive, Path target) throws IOException {
		try (var tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new java.io.ByteArrayInputStream(archive)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IOException("archive entry outside the target folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.deleteIfExists(path);
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					boolean executable = (entry.getMode() & 0100) != 0;
					Files.setPosixFilePermissions(path,
							PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
	}

	private static String system() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		if (os.contains("mac") || os.contains("darwin")) {
			return "Darwin";
		}
		return os.contains("win") ? "Windows" : "Linux";
	}

	private static String architecture() {
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		return switch (arch) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> arch;
		};
	}

}
