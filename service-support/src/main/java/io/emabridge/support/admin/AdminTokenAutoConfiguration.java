package io.emabridge.support.admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin token of every service, and its check in front of every {@code /admin/**}
 * path when one is set: the one check that the admin endpoints of every module (dead
 * letters, reconciliation, status, usage runs) rely on.
 */
@AutoConfiguration
@EnableConfigurationProperties(AdminTokenProperties.class)
public class AdminTokenAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcConfigurer.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Conditional(AdminTokenConfigured.class)
	static class AdminTokenCheck implements WebMvcConfigurer {

		private final AdminTokenProperties token;

		AdminTokenCheck(AdminTokenProperties token) {
			this.token = token;
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new AdminTokenInterceptor(this.token.token())).addPathPatterns("/admin/**");
		}

	}

}
