<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** The gateway did not accept an event; $status is the last HTTP status, 0 when there was no answer. */
final class EmaGatewayException extends EmaModuleException
{
    public function __construct(string $message, public readonly int $status)
    {
        parent::__construct($message);
    }

    /** Not reached, timed out, or reachable but without its broker or upstream (502/503/504). */
    public function unavailable(): bool
    {
        return in_array($this->status, [0, 502, 503, 504], true);
    }

    /**
     * A client error that re-sending the same event cannot fix (invalid event, wrong signature,
     * too large...). 408, 425 and 429 only ask to come back later.
     */
    public function permanent(): bool
    {
        return $this->status >= 400 && $this->status < 500 && !in_array($this->status, [408, 425, 429], true);
    }
}
