package io.emabridge.model.archive;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveApiExceptionTests {

	@ParameterizedTest
	@ValueSource(ints = { ArchiveApiException.NO_STATUS, 408, 429, 500, 502, 503, 504 })
	void isRetriableWithoutAnAnswerAndForServerErrorsAndRateLimits(int status) {
		assertThat(exception(status, Map.of()).isRetriable()).isTrue();
		assertThat(ArchiveApiException.isRetriable(status)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 405, 409, 410, 422 })
	void isPermanentForOtherClientErrors(int status) {
		assertThat(exception(status, Map.of()).isRetriable()).isFalse();
	}

	@Test
	void takesA409AsSlugTakenEvenWithoutValidationErrors() {
		ArchiveApiException ex = exception(409, Map.of());
		assertThat(ex.isSlugTaken()).isTrue();
		assertThat(ex.isSlugInvalid()).isFalse();
	}

	@Test
	void takesA422AsSlugTakenWhenASlugErrorSaysSo() {
		assertThat(slugError("The slug has already been taken.").isSlugTaken()).isTrue();
		assertThat(slugError("A tenant with this slug already exists").isSlugTaken()).isTrue();
		assertThat(slugError("This slug is not available").isSlugTaken()).isTrue();
		assertThat(slugError("The slug has already been TAKEN.").isSlugTaken()).isTrue();
	}

	@Test
	void takesOtherSlugErrorsAsInvalid() {
		ArchiveApiException reserved = slugError("The slug is reserved.");
		assertThat(reserved.isSlugTaken()).isFalse();
		assertThat(reserved.isSlugInvalid()).isTrue();
		ArchiveApiException format = exception(422, Map.of("slug",
				List.of("The slug field format is invalid.", "The slug field must be between 3 and 48 characters.")));
		assertThat(format.isSlugInvalid()).isTrue();
		assertThat(format.errors().get("slug")).hasSize(2);
	}

	@Test
	void isNeitherTakenNorInvalidWhenOnlyOtherFieldsAreRefused() {
		ArchiveApiException ex = exception(422, Map.of("name", List.of("The name field is required.")));
		assertThat(ex.isSlugTaken()).isFalse();
		assertThat(ex.isSlugInvalid()).isFalse();
		assertThat(ex.isRetriable()).isFalse();
	}

	@Test
	void ignoresSlugErrorsOnStatusesThatAreNotValidationFailures() {
		ArchiveApiException ex = exception(400, Map.of("slug", List.of("The slug has already been taken.")));
		assertThat(ex.isSlugTaken()).isFalse();
		assertThat(ex.isSlugInvalid()).isFalse();
	}

	@Test
	void tellsUnauthorizedAndNotFound() {
		assertThat(exception(401, Map.of()).isUnauthorized()).isTrue();
		assertThat(exception(403, Map.of()).isUnauthorized()).isTrue();
		assertThat(exception(404, Map.of()).isNotFound()).isTrue();
		assertThat(exception(404, Map.of()).isUnauthorized()).isFalse();
	}

	@Test
	void keepsOperationRetryAfterAndAnImmutableCopyOfTheErrors() {
		Map<String, List<String>> errors = new java.util.HashMap<>(Map.of("slug", List.of("x")));
		ArchiveApiException ex = new ArchiveApiException("create", 429, "slow down", Duration.ofSeconds(3), errors,
				null);
		errors.clear();
		assertThat(ex.operation()).isEqualTo("create");
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(3));
		assertThat(ex.errors()).containsOnlyKeys("slug");
		assertThat(exception(503, null).retryAfter()).isEmpty();
		assertThat(exception(503, null).errors()).isEmpty();
	}

	private static ArchiveApiException slugError(String message) {
		return exception(422, Map.of("slug", List.of(message)));
	}

	private static ArchiveApiException exception(int status, Map<String, List<String>> errors) {
		return new ArchiveApiException("create", status, "archive create failed with HTTP " + status, null, errors,
				null);
	}

}
