<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** A worker call that did not give what was asked for, with what the admin should read: one line, no trace. */
final class EmaWorkerError extends RuntimeException
{
    /** Whether the worker could not be reached at all (or is not set up): the page then asks it nothing more. */
    public function __construct(string $message, public readonly bool $unreachable = false)
    {
        parent::__construct($message);
    }

    public static function fromAnswer(string $base, EmaHttpResponse $response): self
    {
        $detail = self::detail($response);
        if ($response->status === 401) {
            return new self('The worker at ' . $base . ' refused the admin token: enter the token the workers are'
                . ' configured with (EMA_ADMIN_TOKEN) in the addon\'s settings.', true);
        }
        if ($response->status === 404 && $detail === '') {
            return new self('The worker at ' . $base . ' has no admin endpoints: set its admin token'
                . ' (EMA_ADMIN_TOKEN) and restart it, or correct the URL in the addon\'s settings.', true);
        }
        if ($response->status >= 500) {
            return new self('The worker answered HTTP ' . $response->status
                . ($detail === '' ? '' : ': ' . $detail) . '. Try again in a moment; its log says more.');
        }
        return new self('The worker refused (HTTP ' . $response->status . ')'
            . ($detail === '' ? '.' : ': ' . $detail));
    }

    /** A problem detail's "detail" (or "message"), shortened; '' when the answer has none. */
    private static function detail(EmaHttpResponse $response): string
    {
        $json = $response->json();
        $detail = (string) ($json['detail'] ?? $json['message'] ?? '');
        return mb_strlen($detail) > 500 ? mb_substr($detail, 0, 500) . '…' : $detail;
    }
}
