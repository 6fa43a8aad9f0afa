<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The curl calls both clients make: bounded connect and total timeouts, no redirects (a redirect
 * could carry a signed body or an API key somewhere else), HTTP and HTTPS only.
 */
final class EmaHttpClient
{
    public function __construct(
        private readonly int $connectTimeoutSeconds = 5,
        private readonly int $timeoutSeconds = 15
    ) {
    }

    /**
     * @param array<string, string> $headers
     */
    public function send(string $method, string $url, array $headers, ?string $body = null): EmaHttpResponse
    {
        if (!function_exists('curl_init')) {
            return new EmaHttpResponse(0, [], '', 'the PHP curl extension is not installed');
        }
        $lines = ['Expect:'];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $received = [];
        $curl = curl_init();
        curl_setopt_array($curl, [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT => $this->connectTimeoutSeconds,
            CURLOPT_TIMEOUT => $this->timeoutSeconds,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_USERAGENT => 'EasyMailArchive-WHMCS/1.0',
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$received): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $received[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
        }
        $answer = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        $error = $answer === false ? curl_error($curl) . ' (curl error ' . curl_errno($curl) . ')' : '';
        curl_close($curl);

        if ($answer === false) {
            return new EmaHttpResponse(0, [], '', $error);
        }
        return new EmaHttpResponse($status, $received, (string) $answer);
    }
}
