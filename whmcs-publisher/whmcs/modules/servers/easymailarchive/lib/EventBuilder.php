<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Turns the parameters of a WHMCS module call into a lifecycle event, version 1.
 *
 * The gateway validates events against a strict schema (unknown properties are rejected), so
 * this class only ever emits the fields that schema knows, omits empty optional ones, and puts
 * the create-only fields on create events and the suspend reason on suspend events only. Every
 * text value is made storable first (see storable()): the gateway refuses control characters.
 */
final class EmaEventBuilder
{
    public const CREATE = 'service.create';
    public const SUSPEND = 'service.suspend';
    public const UNSUSPEND = 'service.unsuspend';
    public const TERMINATE = 'service.terminate';

    public const TYPES = [self::CREATE, self::SUSPEND, self::UNSUSPEND, self::TERMINATE];

    /** Custom field names (compared case-insensitively) that carry the slug a customer asked for. */
    public const REQUESTED_SLUG_FIELDS = ['requested slug', 'desired slug', 'preferred slug', 'requestedslug'];

    /**
     * @param array<string, mixed> $params the module call parameters
     * @return array<string, mixed> the event, ready for json_encode
     */
    public function build(string $type, string $eventId, string $occurredAt, array $params): array
    {
        if (!in_array($type, self::TYPES, true)) {
            throw new InvalidArgumentException('Unknown event type ' . $type);
        }
        $serviceId = self::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            throw new EmaModuleException(
                'No service id in the module call: run the action from a service of this product'
            );
        }

        $event = [
            'eventId' => $eventId,
            'type' => $type,
            'occurredAt' => $occurredAt,
            'serviceId' => $serviceId,
        ];
        $event += self::withoutNulls([
            'clientId' => self::positiveInt($params['userid'] ?? null),
            'productId' => self::positiveInt($params['pid'] ?? null),
            'serverId' => self::positiveInt($params['serverid'] ?? null),
        ]);

        if ($type === self::CREATE) {
            $event += self::createFields($params);
        } elseif ($type === self::SUSPEND) {
            $event += self::withoutNulls(['suspendReason' => self::text($params['suspendreason'] ?? null)]);
        }
        return $event;
    }

    public static function toJson(array $event): string
    {
        return json_encode(
            $event,
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR
        );
    }

    /** A random (version 4) UUID. */
    public static function newEventId(): string
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
    }

    /** Now, in UTC, with exactly six fraction digits, as the event schema wants it. */
    public static function now(): string
    {
        return (new DateTimeImmutable('now', new DateTimeZone('UTC')))->format('Y-m-d\TH:i:s.u\Z');
    }

    private static function createFields(array $params): array
    {
        $details = is_array($params['clientsdetails'] ?? null) ? $params['clientsdetails'] : [];
        $client = self::withoutNulls([
            'companyName' => self::text($details['companyname'] ?? null),
            'firstName' => self::text($details['firstname'] ?? null),
            'lastName' => self::text($details['lastname'] ?? null),
            'email' => self::text($details['email'] ?? null),
        ]);
        $options = self::withoutNulls([
            'slugPrefix' => self::text($params['configoption1'] ?? null),
            'autoGenerateSlug' => array_key_exists('configoption2', $params)
                ? self::yes($params['configoption2'])
                : null,
            'requestedSlug' => self::text(self::customField($params, self::REQUESTED_SLUG_FIELDS)),
            'plan' => self::text($params['configoption3'] ?? null),
        ]);
        return self::withoutNulls([
            'domain' => self::text($params['domain'] ?? null),
            'client' => $client === [] ? null : $client,
            'options' => $options === [] ? null : $options,
        ]);
    }

    /**
     * The value of the first custom field whose name is in $names. WHMCS lets a field be named
     * "name|Label shown to the customer"; only the part before the bar is compared.
     */
    public static function customField(array $params, array $names): ?string
    {
        $fields = is_array($params['customfields'] ?? null) ? $params['customfields'] : [];
        foreach ($fields as $name => $value) {
            $key = strtolower(trim(explode('|', (string) $name, 2)[0]));
            if (in_array($key, $names, true) && is_scalar($value) && trim((string) $value) !== '') {
                return trim((string) $value);
            }
        }
        return null;
    }

    /** WHMCS passes a ticked "yesno" option as "on" (older versions: "yes" or "1"). */
    private static function yes($value): bool
    {
        return in_array(strtolower(trim((string) $value)), ['on', 'yes', '1', 'true'], true);
    }

    private static function text($value): ?string
    {
        if (!is_scalar($value)) {
            return null;
        }
        $text = trim(self::storable((string) $value));
        return $text === '' ? null : $text;
    }

    /**
     * The text as the gateway accepts it: valid UTF-8 (each byte of a broken sequence, such as an
     * encoded UTF-16 surrogate, becomes U+FFFD) without control characters other than tab, line
     * feed and carriage return (C0, DEL and C1 are removed). The gateway refuses an event with
     * such characters, since nothing downstream can store them (PostgreSQL refuses U+0000): the
     * customer is provisioned with "Null Byte GmbH" rather than not at all.
     */
    public static function storable(string $text): string
    {
        if (preg_match('//u', $text) !== 1) {
            $text = (string) preg_replace_callback(
                '/[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]'
                    . '|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]'
                    . '|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}'
                    . '|(.)/s',
                static fn (array $m): string => isset($m[1]) ? "\u{FFFD}" : $m[0],
                $text
            );
        }
        return (string) preg_replace('/[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{7F}-\x{9F}]/u', '', $text);
    }

    public static function positiveInt($value): ?int
    {
        if (is_int($value)) {
            return $value > 0 ? $value : null;
        }
        if (is_string($value) && preg_match('/^\s*0*([1-9][0-9]{0,17})\s*$/', $value, $m)) {
            return (int) $m[1];
        }
        return null;
    }

    private static function withoutNulls(array $fields): array
    {
        return array_filter($fields, static fn ($v) => $v !== null);
    }
}
