<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** One Activity Log line of the worker about a service, taken apart. */
final class EmaServiceReport
{
    public const FAILURE = 'failure';
    public const RECOVERY = 'recovery';
    /** Starts like the worker's lines but is not in either format: shown as it is. */
    public const UNRECOGNISED = 'unrecognised';

    private const FAILURE_FORMAT = '/\AEasy Mail Archive: service #\d+ failed \(([^()\s]+)\): (.+?)\.'
        . ' Replay once fixed: (.+?)(?: Ticket #([^\s.]+)\.)?\z/s';
    private const RECOVERY_FORMAT = '/\AEasy Mail Archive: service #\d+ recovered: (.+);'
        . ' the failure \(([^()\s]+)\) is resolved\.?\z/s';

    private function __construct(
        public readonly string $kind,
        /** tblactivitylog.date, in WHMCS's time zone */
        public readonly string $at,
        public readonly string $line,
        public readonly ?string $reasonCode = null,
        /** failure: the plain words; recovery: what was applied */
        public readonly ?string $text = null,
        public readonly ?string $replayCommand = null,
        public readonly ?string $ticket = null
    ) {
    }

    public static function parse(string $at, string $line): self
    {
        $line = trim($line);
        if (preg_match(self::FAILURE_FORMAT, $line, $m)) {
            return new self(self::FAILURE, $at, $line, $m[1], $m[2] . '.', $m[3], ($m[4] ?? '') !== '' ? $m[4] : null);
        }
        if (preg_match(self::RECOVERY_FORMAT, $line, $m)) {
            return new self(self::RECOVERY, $at, $line, $m[2], $m[1]);
        }
        return new self(self::UNRECOGNISED, $at, $line);
    }
}
