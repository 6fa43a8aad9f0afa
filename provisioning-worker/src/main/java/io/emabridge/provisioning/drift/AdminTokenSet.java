package io.emabridge.provisioning.drift;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The reconcile endpoints exist under the same condition as the dead-letter ones: only when {@code ema.admin.token}
 * is set, since the dead-letters module's bearer token check guards every {@code /admin/**} path then and only then.
 */
class AdminTokenSet extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String token = context.getEnvironment().getProperty("ema.admin.token", "");
		return token.isBlank() ? ConditionOutcome.noMatch("ema.admin.token is not set")
				: ConditionOutcome.match("ema.admin.token is set");
	}
}
