package io.emabridge.support.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenInterceptorTests {

	private final AdminTokenInterceptor interceptor = new AdminTokenInterceptor("s3cret-token");

	@Test
	void letsTheRightBearerTokenThrough() throws Exception {
		assertThat(this.interceptor.preHandle(request("Bearer s3cret-token"), new MockHttpServletResponse(), null))
			.isTrue();
		assertThat(this.interceptor.preHandle(request("bearer s3cret-token "), new MockHttpServletResponse(), null))
			.isTrue();
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "Bearer", "Bearer ", "Bearer s3cret", "Bearer s3cret-token-and-more",
			"Basic s3cret-token", "s3cret-token", "Bearer S3CRET-TOKEN" })
	void refusesAnyOtherAuthorizationWithAProblemThatDoesNotEchoTheToken(String authorization) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.interceptor.preHandle(request(authorization), response, null)).isFalse();
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"ema-admin\"");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":401").doesNotContain("s3cret");
	}

	@Test
	void theCheckExistsOnlyWithATokenAndNeverPrintsIt() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdminTokenAutoConfiguration.class));
		runner.run((context) -> {
			assertThat(context).doesNotHaveBean(WebMvcConfigurer.class);
			assertThat(context.getBean(AdminTokenProperties.class).configured()).isFalse();
		});
		runner.withPropertyValues("ema.admin.token=s3cret-token").run((context) -> {
			assertThat(context).hasSingleBean(WebMvcConfigurer.class);
			AdminTokenProperties token = context.getBean(AdminTokenProperties.class);
			assertThat(token.configured()).isTrue();
			assertThat(token.toString()).doesNotContain("s3cret");
		});
		runner.withPropertyValues("ema.admin.token=  ")
			.run((context) -> assertThat(context).doesNotHaveBean(WebMvcConfigurer.class));
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/status");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
