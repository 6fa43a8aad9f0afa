<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** What came back from one HTTP exchange; status 0 means the exchange itself failed (see $error). */
final class EmaHttpResponse
{
    /**
     * @param array<string, string> $headers lower-cased names
     */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
        public readonly string $error = ''
    ) {
    }

    public function failed(): bool
    {
        return $this->status === 0;
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The body decoded as a JSON object, or [] when it is not one. */
    public function json(): array
    {
        $decoded = json_decode($this->body, true);
        return is_array($decoded) ? $decoded : [];
    }

    /** A line for the Module Log. */
    public function describe(): string
    {
        return $this->failed() ? 'no answer: ' . $this->error : 'HTTP ' . $this->status . "\n" . $this->body;
    }
}
