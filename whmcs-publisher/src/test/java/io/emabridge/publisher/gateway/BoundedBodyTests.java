package io.emabridge.publisher.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BoundedBodyTests {

	@Test
	void bodyUpToTheLimitIsReadWhole() throws IOException {
		byte[] body = new byte[100];

		assertThat(BoundedBody.read(new ByteArrayInputStream(body), 100, 100)).hasSize(100);
		assertThat(BoundedBody.read(new ByteArrayInputStream(body), -1, 100)).hasSize(100);
	}

	@Test
	void declaredLengthOverTheLimitIsRefusedWithoutReading() {
		InputStream untouchable = new InputStream() {

			@Override
			public int read() {
				throw new AssertionError("must not read");
			}
		};

		assertThatExceptionOfType(BodyTooLargeException.class).isThrownBy(() -> BoundedBody.read(untouchable, 101, 100))
			.withMessageContaining("100 bytes");
	}

	@Test
	void chunkedBodyIsReadOnlyOneBytePastTheLimit() {
		CountingEndlessStream endless = new CountingEndlessStream();

		assertThatExceptionOfType(BodyTooLargeException.class).isThrownBy(() -> BoundedBody.read(endless, -1, 100));
		assertThat(endless.read).isEqualTo(101);
	}

	@Test
	void emptyBodyIsEmpty() throws IOException {
		assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0, 100)).isEmpty();
		assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), -1, 100)).isEmpty();
	}

	private static final class CountingEndlessStream extends InputStream {

		private long read;

		@Override
		public int read() {
			this.read++;
			return 'x';
		}

	}

}
