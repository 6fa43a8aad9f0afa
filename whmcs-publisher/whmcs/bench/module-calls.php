<?php

/**
 * Calls module functions one after another, as WHMCS's cron does, outside a real WHMCS: the test
 * stubs stand in for WHMCS's globals (the Capsule database is an in-memory SQLite database, the
 * Module Log discards what it is given). Prints one JSON object with the timings.
 *
 *   php module-calls.php suspend-module  <count> <gateway-url> <secret> <archive-url> <api-key> <first-service-id>
 *   php module-calls.php suspend-inline  <count> <gateway-url> <secret> <archive-url> <api-key> <first-service-id>
 *   php module-calls.php create[-inline]-at-rate <count> <gateway-url> <secret> <archive-url> <api-key> <first-service-id> <per-second>
 *
 * suspend-module runs easymailarchive_SuspendAccount (publish the event to the gateway, return).
 * suspend-inline runs the synchronous design the module replaced (see inline-module.php): the
 * suspension is applied to the archive API inside the module call. The tenant of service N is
 * expected to be called "bench-N" in the archive.
 * create-at-rate runs easymailarchive_CreateAccount at a fixed rate and reports when each call was
 * due and when it returned, for the end-to-end measurement; create-inline-at-rate does the same
 * with the synchronous design's create. Service N asks for the slug "bench-N".
 */

if (!defined('WHMCS')) {
    define('WHMCS', true);
}

require_once __DIR__ . '/../tests/stubs/Capsule.php';

/** WHMCS writes each call to its database; here it is dropped, for both designs alike. */
function logModuleCall($module, $action, $request, $response, $data = '', $variablesToMask = [])
{
}

require_once __DIR__ . '/../modules/servers/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/inline-module.php';

if ($argc < 8) {
    fwrite(STDERR, "usage: php module-calls.php suspend-module|suspend-inline|create-at-rate|create-inline-at-rate <count> <gateway-url> "
        . "<secret> <archive-url> <api-key> <first-service-id> [<per-second>]\n");
    exit(2);
}

[, $mode, $count, $gatewayUrl, $secret, $archiveUrl, $apiKey, $firstServiceId] = $argv;
$count = (int) $count;
$firstServiceId = (int) $firstServiceId;
$perSecond = (float) ($argv[8] ?? 0);

$functions = [
    'suspend-module' => 'easymailarchive_SuspendAccount',
    'suspend-inline' => 'easymailarchive_inline_SuspendAccount',
    'create-at-rate' => 'easymailarchive_CreateAccount',
    'create-inline-at-rate' => 'easymailarchive_inline_CreateAccount',
];
if (!isset($functions[$mode]) || $count < 1 || $firstServiceId < 1 || (str_starts_with($mode, 'create') && $perSecond <= 0)) {
    fwrite(STDERR, "unknown mode, or count, first service id or rate not positive\n");
    exit(2);
}
$function = $functions[$mode];

/** What WHMCS passes to a module function for a service of this product. */
function benchParams(int $serviceId, string $gatewayUrl, string $secret, string $archiveUrl, string $apiKey): array
{
    return [
        'serviceid' => (string) $serviceId,
        'userid' => '7',
        'pid' => '3',
        'serverid' => '2',
        'domain' => 'shop' . $serviceId . '.example',
        'username' => 'svc' . $serviceId,
        'password' => 'Svc-Passw0rd!',
        'status' => 'Active',
        'producttype' => 'other',
        'moduletype' => 'easymailarchive',
        'clientsdetails' => [
            'userid' => '7',
            'companyname' => 'Bench ' . $serviceId,
            'firstname' => 'Jane',
            'lastname' => 'Doe',
            'email' => 'jane@example.test',
            'country' => 'GB',
        ],
        'customfields' => ['Requested slug' => 'bench-' . $serviceId, 'Archive slug' => 'bench-' . $serviceId,
            'Archive URL' => ''],
        'configoption1' => '',
        'configoption2' => 'on',
        'configoption3' => '',
        'serverhostname' => $archiveUrl,
        'serverusername' => $gatewayUrl,
        'serverpassword' => $apiKey,
        'serveraccesshash' => $secret,
        'serversecure' => false,
        'suspendreason' => 'Overdue on Payment',
    ];
}

$callMillis = [];
$failures = [];
$calls = [];
$start = microtime(true);
for ($i = 0; $i < $count; $i++) {
    $serviceId = $firstServiceId + $i;
    $due = $perSecond > 0 ? $start + $i / $perSecond : microtime(true);
    $wait = $due - microtime(true);
    if ($wait > 0) {
        usleep((int) ($wait * 1000000));
    }
    $called = microtime(true);
    $result = $function(benchParams($serviceId, $gatewayUrl, $secret, $archiveUrl, $apiKey));
    $returned = microtime(true);
    $callMillis[] = ($returned - $called) * 1000;
    if ($result !== 'success') {
        $failures[] = $serviceId . ': ' . $result;
    }
    if ($perSecond > 0) {
        $calls[] = ['serviceId' => $serviceId, 'due' => $due, 'returned' => $returned];
    }
}
$seconds = microtime(true) - $start;
$usage = getrusage();
$cpuSeconds = $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6
    + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
sort($callMillis);
$at = static fn (float $q): float => $callMillis[max(0, (int) ceil($q * count($callMillis)) - 1)];

echo json_encode([
    'mode' => $mode,
    'calls' => $count,
    'failed' => count($failures),
    'firstFailures' => array_slice($failures, 0, 5),
    'seconds' => $seconds,
    'p50Ms' => $at(0.50),
    'p99Ms' => $at(0.99),
    'maxMs' => $callMillis[count($callMillis) - 1],
    'cpuSeconds' => $cpuSeconds,
    'php' => PHP_VERSION,
    'timings' => $calls,
], JSON_UNESCAPED_SLASHES), "\n";
