package io.emabridge.support.admin;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Admin endpoints exist only when a token protects them: {@link AdminTokenInterceptor}
 * guards every {@code /admin/**} path of a servlet application under this very condition,
 * so an endpoint under it is never answered without the token.
 */
public class AdminTokenConfigured extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String token = context.getEnvironment().getProperty("ema.admin.token", "");
		return token.isBlank() ? ConditionOutcome.noMatch("ema.admin.token is not set")
				: ConditionOutcome.match("ema.admin.token is set");
	}

}
