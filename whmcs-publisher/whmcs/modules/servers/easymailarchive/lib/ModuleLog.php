<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Writes to WHMCS's Module Log (WHMCS 8: Configuration > System Logs > Module Log) under the module's name.
 *
 * Secrets are kept out of what is logged in the first place; the list passed to logModuleCall
 * is a second line of defence, which WHMCS uses to mask any value that slipped through.
 */
final class EmaModuleLog
{
    public const MODULE = 'easymailarchive';

    /** The call parameters worth logging: never the server password, access hash or service password. */
    private const SAFE_PARAMS = [
        'serviceid', 'userid', 'pid', 'serverid', 'domain', 'username', 'status',
        'configoption1', 'configoption2', 'configoption3', 'serverhostname', 'serverusername', 'serversecure',
    ];

    /** @var string[] */
    private array $secrets;

    public function __construct(string ...$secrets)
    {
        $this->secrets = array_values(array_filter($secrets, static fn (string $s) => $s !== ''));
    }

    public static function forParams(array $params): self
    {
        return new self(
            is_scalar($params['serverpassword'] ?? null) ? (string) $params['serverpassword'] : '',
            is_scalar($params['serveraccesshash'] ?? null) ? (string) $params['serveraccesshash'] : ''
        );
    }

    /**
     * @param string|array $request
     * @param string|array $response
     * @param string|array $processed
     */
    public function write(string $action, $request, $response, $processed = ''): void
    {
        if (!function_exists('logModuleCall')) {
            return;
        }
        try {
            logModuleCall(self::MODULE, $action, $request, $response, $processed, $this->secrets);
        } catch (Throwable $ignored) {
            // A broken log must not turn a delivered event into a failed module call.
        }
    }

    /**
     * Logs a failed module call and returns the message for the admin: an EmaModuleException's
     * own message, or a generic one around anything unexpected. No stack trace is logged: its
     * arguments could hold a secret.
     */
    public function failure(string $action, array $params, Throwable $e): string
    {
        $message = $e instanceof EmaModuleException
            ? $e->getMessage()
            : 'Unexpected error in the Easy Mail Archive module: ' . $e->getMessage();
        $message = str_replace($this->secrets, '********', $message);
        $this->write(
            $action,
            self::safeParams($params),
            $message,
            get_class($e) . ' at ' . basename($e->getFile()) . ':' . $e->getLine()
        );
        return $message;
    }

    public static function safeParams(array $params): array
    {
        return array_intersect_key($params, array_flip(self::SAFE_PARAMS));
    }
}
