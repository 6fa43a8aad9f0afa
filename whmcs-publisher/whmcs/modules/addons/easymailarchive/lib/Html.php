<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** Every value the page shows goes through here: HTML-escaped, times and durations in plain words. */
final class EmaHtml
{
    public static function e(?string $text): string
    {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    /** "2026-11-26 14:02:11 UTC" from the workers' RFC 3339 times; the text as it is when it is not one. */
    public static function time(?string $iso): string
    {
        if ($iso === null || $iso === '') {
            return '';
        }
        try {
            $time = new DateTimeImmutable($iso);
        } catch (Exception $e) {
            return self::e($iso);
        }
        return self::e($time->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d H:i:s') . ' UTC');
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    public static function duration(float $seconds): string
    {
        $seconds = (int) max(0, round($seconds));
        if ($seconds < 60) {
            return $seconds . ' s';
        }
        if ($seconds < 3600) {
            return intdiv($seconds, 60) . ' min';
        }
        if ($seconds < 86400) {
            return intdiv($seconds, 3600) . ' h ' . intdiv($seconds % 3600, 60) . ' min';
        }
        return intdiv($seconds, 86400) . ' d ' . intdiv($seconds % 86400, 3600) . ' h';
    }

    /** How long ago an RFC 3339 time was, or null when it is not one. */
    public static function ageSeconds(?string $iso): ?float
    {
        if ($iso === null || $iso === '') {
            return null;
        }
        try {
            return (float) (time() - (new DateTimeImmutable($iso))->getTimestamp());
        } catch (Exception $e) {
            return null;
        }
    }

    /** A link to the WHMCS service's admin page, or the id as text when it is not a service id. */
    public static function service($serviceId): string
    {
        $id = (string) $serviceId;
        if (!preg_match('/^[1-9][0-9]{0,18}$/', $id)) {
            return $id === '' ? '&ndash;' : self::e($id);
        }
        return '<a href="clientsservices.php?productselect=' . $id . '">#' . $id . '</a>';
    }
}
