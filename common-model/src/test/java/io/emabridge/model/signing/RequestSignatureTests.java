package io.emabridge.model.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.emabridge.model.signing.RequestSignature.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignatureTests {

	private static final byte[] BODY = "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

	private static final Duration TOLERANCE = RequestSignature.DEFAULT_TOLERANCE;

	@Test
	void signatureIsHmacSha256OfTimestampDotBody() {
		// computed independently of this code (another language's HMAC library) for
		// "1790000000." + BODY
		String signature = RequestSignature.sign("secret", 1_790_000_000L, BODY);
		assertThat(signature).isEqualTo("sha256=0b9264fda54556283813465a43eddec10242b60c943181e40f151def0d6d11ba");
		assertThat(RequestSignature.verify(List.of("secret"), "1790000000", signature, BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.VALID);
	}

	@Test
	void anyOfSeveralSecretsIsAccepted() {
		String signature = RequestSignature.sign("new", NOW.getEpochSecond(), BODY);
		assertThat(verify(List.of("old", "new"), signature)).isEqualTo(Verdict.VALID);
		assertThat(verify(List.of("old"), signature)).isEqualTo(Verdict.MISMATCH);
	}

	@Test
	void macsReusedAcrossCallsAndSecretsGiveTheSameSignatures() {
		// more secrets than a thread keeps keyed MACs for, each used several times
		List<String> secrets = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			secrets.add("secret-" + i);
		}
		String first = RequestSignature.sign("secret-0", NOW.getEpochSecond(), BODY);
		for (int round = 0; round < 3; round++) {
			for (String secret : secrets) {
				String signature = RequestSignature.sign(secret, NOW.getEpochSecond(), BODY);
				assertThat(verify(secrets, signature)).isEqualTo(Verdict.VALID);
				assertThat(verify(List.of(secret + "x"), signature)).isEqualTo(Verdict.MISMATCH);
			}
			assertThat(RequestSignature.sign("secret-0", NOW.getEpochSecond(), BODY)).isEqualTo(first);
		}
		assertThat(RequestSignature.sign("secret", 1_790_000_000L, BODY))
			.isEqualTo("sha256=0b9264fda54556283813465a43eddec10242b60c943181e40f151def0d6d11ba");
	}

	@Test
	void aChangedBodyOrTimestampBreaksTheSignature() {
		String signature = RequestSignature.sign("s", NOW.getEpochSecond(), BODY);
		byte[] tampered = "{\"eventId\":\"y\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(RequestSignature.verify(List.of("s"), String.valueOf(NOW.getEpochSecond()), signature, tampered, NOW,
				TOLERANCE))
			.isEqualTo(Verdict.MISMATCH);
		assertThat(RequestSignature.verify(List.of("s"), String.valueOf(NOW.getEpochSecond() - 1), signature, BODY, NOW,
				TOLERANCE))
			.isEqualTo(Verdict.MISMATCH);
	}

	@Test
	void timestampsMoreThanFiveMinutesAwayAreRejectedEitherWay() {
		long old = NOW.getEpochSecond() - 301;
		long future = NOW.getEpochSecond() + 301;
		assertThat(RequestSignature.verify(List.of("s"), String.valueOf(old), RequestSignature.sign("s", old, BODY),
				BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.EXPIRED);
		assertThat(RequestSignature.verify(List.of("s"), String.valueOf(future),
				RequestSignature.sign("s", future, BODY), BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.EXPIRED);
		long edge = NOW.getEpochSecond() - 300;
		assertThat(RequestSignature.verify(List.of("s"), String.valueOf(edge), RequestSignature.sign("s", edge, BODY),
				BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.VALID);
	}

	@Test
	void missingAndMalformedHeadersAreToldApart() {
		assertThat(RequestSignature.verify(List.of("s"), null, "sha256=00", BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.MISSING);
		assertThat(RequestSignature.verify(List.of("s"), "1", null, BODY, NOW, TOLERANCE)).isEqualTo(Verdict.MISSING);
		assertThat(verify(List.of("s"), "md5=abc")).isEqualTo(Verdict.MALFORMED);
		assertThat(verify(List.of("s"), "sha256=not-hex")).isEqualTo(Verdict.MALFORMED);
		assertThat(RequestSignature.verify(List.of("s"), "soon", "sha256=00", BODY, NOW, TOLERANCE))
			.isEqualTo(Verdict.MALFORMED);
	}

	@Test
	void headersThatVerifyAlikePresentTheSameBytes() {
		String signature = RequestSignature.sign("s", NOW.getEpochSecond(), BODY);
		String hex = signature.substring("sha256=".length());
		byte[] expected = HexFormat.of().parseHex(hex);

		for (String variant : List.of(signature, "sha256=" + hex.toUpperCase(Locale.ROOT), " " + signature + "\t",
				"\t sha256=" + hex.toUpperCase(Locale.ROOT) + " ")) {
			assertThat(verify(List.of("s"), variant)).as(variant).isEqualTo(Verdict.VALID);
			assertThat(RequestSignature.presented(variant)).as(variant)
				.hasValueSatisfying((bytes) -> assertThat(bytes).isEqualTo(expected));
		}
	}

	@Test
	void headersThatAreNotASignaturePresentNothing() {
		for (String header : Arrays.asList(null, "", "md5=abc", "SHA256=00", "sha256=not-hex", "sha256=abc")) {
			assertThat(RequestSignature.presented(header)).as(String.valueOf(header)).isEmpty();
		}
	}

	@Test
	void noSecretsMeansNothingIsValid() {
		assertThat(verify(List.of(), RequestSignature.sign("s", NOW.getEpochSecond(), BODY)))
			.isEqualTo(Verdict.MISMATCH);
	}

	private static Verdict verify(List<String> secrets, String signature) {
		return RequestSignature.verify(secrets, String.valueOf(NOW.getEpochSecond()), signature, BODY, NOW, TOLERANCE);
	}

}
