<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The addon's settings as WHMCS passes them to its functions (the fields of easymailarchive_config(), plus
 * "modulelink"). The admin token is a password-type setting: WHMCS stores it encrypted and hands it over decrypted.
 */
final class EmaAddonSettings
{
    public const VERSION = '1.0';
    public const WORKER_URL = 'worker_url';
    public const ADMIN_TOKEN = 'admin_token';
    public const USAGE_URL = 'usage_url';
    public const DEFAULT_LINK = 'addonmodules.php?module=easymailarchive';

    public function __construct(
        public readonly string $workerUrl,
        public readonly string $token,
        public readonly string $usageUrl,
        public readonly string $moduleLink
    ) {
    }

    public static function fromVars(array $vars): self
    {
        $link = trim((string) ($vars['modulelink'] ?? ''));
        return new self(
            self::url($vars[self::WORKER_URL] ?? ''),
            trim((string) ($vars[self::ADMIN_TOKEN] ?? '')),
            self::url($vars[self::USAGE_URL] ?? ''),
            $link === '' ? self::DEFAULT_LINK : $link
        );
    }

    /** Without a scheme, https:// is assumed (as for the server module's gateway URL); no trailing slash. */
    private static function url($value): string
    {
        $url = rtrim(trim((string) $value), '/');
        if ($url !== '' && !preg_match('#^https?://#i', $url)) {
            $url = 'https://' . $url;
        }
        return $url;
    }
}
