package io.emabridge.localstack;

/**
 * The fixed ports and development credentials of the local stack, printed at start-up.
 */
final class LocalDefaults {

	static final int KAFKA_PORT = 9092;

	/**
	 * The first controller port of a Kafka cluster (nodes 1, 2, 3 listen for clients on
	 * 9092, 9093, 9094 and for their controller quorum on 9192, 9193, 9194).
	 */
	static final int KAFKA_CONTROLLER_PORT = 9192;

	static final int POSTGRES_PORT = 15432;

	static final String DATABASE = "ema";

	static final int ARCHIVE_SANDBOX_PORT = 8090;

	static final String ARCHIVE_API_KEY = "sandbox-key";

	/**
	 * A second reseller account, for the services of WHMCS server 2 (a host selling under
	 * two brands): its own key and base domain.
	 */
	static final long SECOND_ACCOUNT_SERVER = 2;

	static final String SECOND_ACCOUNT_API_KEY = "sandbox-key-server-2";

	static final String SECOND_ACCOUNT_BASE_DOMAIN = "archive2.example.test";

	static final int WHMCS_SANDBOX_PORT = 8091;

	static final String WHMCS_IDENTIFIER = "sandbox";

	static final String WHMCS_SECRET = "sandbox";

	/**
	 * The welcome e-mail's template: the WHMCS sandbox records it under this name
	 * ({@code GET /_sandbox/emails}).
	 */
	static final String WELCOME_TEMPLATE = "Easy Mail Archive Welcome";

	static final int GATEWAY_PORT = 8080;

	static final int PROVISIONING_PORT = 8081;

	static final int USAGE_SYNC_PORT = 8082;

	static final String GATEWAY_SECRET = "local-dev-secret";

	static final String ADMIN_TOKEN = "local-admin-token";

	private LocalDefaults() {
	}

}
