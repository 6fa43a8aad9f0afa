<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Signed calls to the event gateway.
 *
 * Every request carries X-EMA-Timestamp (Unix seconds) and
 * X-EMA-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>.
 *
 * publish() retries a few times inside one module call when the gateway could not be reached or
 * says Kafka is briefly unavailable. Each retry re-sends the same body (same eventId and
 * occurredAt) with a fresh timestamp, so the consumers see duplicates, never different events.
 * Anything else is reported at once: the admin retries from WHMCS's Module Queue.
 */
final class EmaGatewayClient
{
    public const EVENTS_PATH = '/api/whmcs/events';
    public const PING_PATH = '/api/whmcs/ping';

    private const SIGNATURE_ERROR =
        'Gateway rejected the signature: check the shared secret (Access Hash) and the WHMCS server clock';

    /** @var callable(): int */
    private $clock;

    /** @var callable(float): void */
    private $sleep;

    /**
     * @param int $maxAttempts HTTP attempts per publish() when the gateway is unreachable or answers 502/503/504
     * @param float $backoffSeconds wait before the second attempt; doubled before each further one
     * @param int $maxRetryAfterSeconds a longer Retry-After is not waited for inside the module call
     * @param int $budgetSeconds no new attempt starts after this long
     */
    public function __construct(
        private readonly string $baseUrl,
        private readonly string $secret,
        private readonly EmaHttpClient $http,
        private readonly EmaModuleLog $log,
        private readonly int $maxAttempts = 3,
        private readonly float $backoffSeconds = 0.25,
        private readonly int $maxRetryAfterSeconds = 2,
        private readonly int $budgetSeconds = 20,
        ?callable $clock = null,
        ?callable $sleep = null
    ) {
        $this->clock = $clock ?? static fn (): int => time();
        $this->sleep = $sleep ?? static function (float $seconds): void {
            usleep((int) round($seconds * 1000000));
        };
    }

    public static function sign(string $secret, int $timestamp, string $body): string
    {
        return 'sha256=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    }

    /**
     * Sends one event; returns the gateway's acknowledgement (eventId, topic, partition, offset).
     *
     * @throws EmaGatewayException with a message for the admin when the event was not accepted
     */
    public function publish(string $action, array $event): array
    {
        $url = $this->baseUrl . self::EVENTS_PATH;
        $body = EmaEventBuilder::toJson($event);
        $started = microtime(true);
        $wait = $this->backoffSeconds;

        for ($attempt = 1;; $attempt++) {
            $response = $this->send('POST', $url, $body);
            $retryAfter = self::retryAfterSeconds($response);
            $retriable = $response->failed() || in_array($response->status, [502, 503, 504], true);
            $canRetry = $retriable
                && $attempt < $this->maxAttempts
                && ($retryAfter === null || $retryAfter <= $this->maxRetryAfterSeconds)
                && microtime(true) - $started < $this->budgetSeconds;

            $this->log->write(
                $action,
                $this->logRequest('POST', $url, $attempt, $event),
                $response->describe(),
                ['outcome' => $response->status === 202 ? 'accepted' : ($canRetry ? 'retrying' : 'failed')]
            );

            if ($response->status === 202) {
                return $response->json();
            }
            if (!$canRetry) {
                throw new EmaGatewayException($this->explain($response, $url, $retryAfter), $response->status);
            }
            ($this->sleep)($retryAfter !== null ? max((float) $retryAfter, 0.0) : $wait);
            $wait *= 2;
        }
    }

    /**
     * Signed GET of the ping endpoint: proves the gateway is reachable and accepts our signature.
     *
     * @return array{status: string, kafka: string}
     * @throws EmaModuleException
     */
    public function ping(string $action = 'TestConnection'): array
    {
        $url = $this->baseUrl . self::PING_PATH;
        $response = $this->send('GET', $url, '');
        $this->log->write($action, $this->logRequest('GET', $url, 1, null), $response->describe());

        if ($response->failed()) {
            throw new EmaModuleException('Gateway unreachable at ' . $this->baseUrl . ': ' . $response->error);
        }
        if ($response->status === 401) {
            throw new EmaModuleException(self::SIGNATURE_ERROR . self::said($response));
        }
        $answer = $response->json();
        if ($response->status !== 200 || !isset($answer['status'])) {
            throw new EmaModuleException(
                'Unexpected answer from the event gateway at ' . $this->baseUrl . ': HTTP ' . $response->status
                . '; check the server\'s Username field (gateway URL)'
            );
        }
        return ['status' => (string) $answer['status'], 'kafka' => (string) ($answer['kafka'] ?? 'unknown')];
    }

    private function send(string $method, string $url, string $body): EmaHttpResponse
    {
        $timestamp = ($this->clock)();
        $headers = [
            'Accept' => 'application/json',
            'X-EMA-Timestamp' => (string) $timestamp,
            'X-EMA-Signature' => self::sign($this->secret, $timestamp, $body),
        ];
        if ($method === 'POST') {
            $headers['Content-Type'] = 'application/json';
        }
        return $this->http->send($method, $url, $headers, $method === 'POST' ? $body : null);
    }

    private function explain(EmaHttpResponse $response, string $url, ?int $retryAfter): string
    {
        if ($response->failed()) {
            return 'Event gateway unreachable at ' . $url . ': ' . $response->error
                . '; the action stays in the Module Queue — retry when the gateway is up';
        }
        switch ($response->status) {
            case 400:
                return 'Event rejected as invalid by the gateway' . self::fieldErrors($response)
                    . '; fix the service or product data, then retry from the Module Queue';
            case 401:
                return self::SIGNATURE_ERROR . self::said($response);
            case 413:
                return 'Event too large for the gateway (HTTP 413); shorten the service\'s long fields, then retry';
            case 415:
                return 'Gateway refused the content type (HTTP 415);'
                    . ' check that the Username field points at the event gateway';
            case 503:
                return 'Event gateway cannot reach Kafka right now (HTTP 503'
                    . ($retryAfter !== null ? ', retry after ' . $retryAfter . ' s' : '')
                    . '); the action stays in the Module Queue — retry in a few minutes';
            default:
                return 'Unexpected answer from the event gateway at ' . $url . ': HTTP ' . $response->status
                    . self::said($response) . '; the action stays in the Module Queue — retry later';
        }
    }

    /** ": field: message; field: message" from a problem+json body, or its detail. */
    private static function fieldErrors(EmaHttpResponse $response): string
    {
        $problem = $response->json();
        $parts = [];
        foreach (is_array($problem['errors'] ?? null) ? $problem['errors'] : [] as $error) {
            if (is_array($error)) {
                $field = trim((string) ($error['field'] ?? ''));
                $message = trim((string) ($error['message'] ?? ''));
                $parts[] = $field !== '' ? $field . ': ' . $message : $message;
            }
        }
        if ($parts === [] && isset($problem['detail'])) {
            $parts[] = (string) $problem['detail'];
        }
        return $parts === [] ? '' : ': ' . self::clip(implode('; ', $parts));
    }

    private static function said(EmaHttpResponse $response): string
    {
        $problem = $response->json();
        $detail = trim((string) ($problem['detail'] ?? $problem['title'] ?? ''));
        return $detail === '' ? '' : ' (gateway said: ' . self::clip($detail) . ')';
    }

    private static function clip(string $text): string
    {
        return strlen($text) > 500 ? substr($text, 0, 500) . '…' : $text;
    }

    /** Seconds from a Retry-After header (delta-seconds or HTTP date), or null when absent. */
    private static function retryAfterSeconds(EmaHttpResponse $response): ?int
    {
        $value = $response->header('Retry-After');
        if ($value === null || $value === '') {
            return null;
        }
        if (ctype_digit($value)) {
            return (int) $value;
        }
        $when = strtotime($value);
        return $when === false ? null : max(0, $when - time());
    }

    private function logRequest(string $method, string $url, int $attempt, ?array $event): array
    {
        $request = [
            'method' => $method,
            'url' => $url,
            'attempt' => $attempt . '/' . $this->maxAttempts,
            // The signature is derived from the secret and replayable for a few minutes: not logged.
            'headers' => ['X-EMA-Signature' => '(not logged)'],
        ];
        if ($event !== null) {
            $request['event'] = $event;
        }
        return $request;
    }
}
