package io.emabridge.publisher.gateway;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory without ever holding more than the limit: a declared
 * length over the limit is refused before reading anything, and an undeclared (chunked)
 * one is read only up to one byte past the limit.
 */
final class BoundedBody {

	private BoundedBody() {
	}

	/**
	 * Reads the whole body, refusing it when it is longer than the limit.
	 * @param declaredLength the {@code Content-Length}, or -1 when the body is chunked
	 * @throws BodyTooLargeException when the body is longer than {@code limit}
	 */
	static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
		if (declaredLength > limit) {
			throw new BodyTooLargeException(limit);
		}
		if (declaredLength == 0) {
			return new byte[0];
		}
		byte[] body = in.readNBytes(limit + 1);
		if (body.length > limit) {
			throw new BodyTooLargeException(limit);
		}
		return body;
	}

}
