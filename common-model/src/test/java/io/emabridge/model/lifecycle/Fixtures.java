package io.emabridge.model.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;

/** The pinned v1 wire documents in {@code fixtures/lifecycle/v1}. */
final class Fixtures {

	private Fixtures() {
	}

	static byte[] bytes(String name) {
		String path = "/fixtures/lifecycle/v1/" + name;
		try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("No fixture " + path);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode tree(String name) {
		return LifecycleEventJson.mapper().readTree(bytes(name));
	}

	static JsonNode tree(byte[] json) {
		return LifecycleEventJson.mapper().readTree(json);
	}

}
