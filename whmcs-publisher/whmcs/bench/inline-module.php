<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The baseline of the WHMCS-side benchmark: the synchronous design the published module replaced,
 * where a module call applies the action to the Easy Mail Archive API itself and returns only
 * when the API has answered. Only the suspension is written out; it uses the module's own server
 * settings, HTTP client and Module Log, so the two designs differ in where the work is done and
 * nothing else. Not shipped: it lives beside the benchmark, not in the module folder.
 */
function easymailarchive_inline_SuspendAccount(array $params)
{
    $log = EmaModuleLog::forParams($params);
    try {
        $config = EmaServerConfig::fromParams($params);
        $slug = EmaEventBuilder::customField($params, ['archive slug']);
        if ($slug === null || $slug === '') {
            throw new EmaModuleException('No archive slug on the service');
        }
        $url = $config->archiveBaseUrl() . EmaArchiveClient::TENANTS_PATH . '/' . rawurlencode($slug) . '/suspend';
        $response = (new EmaHttpClient())->send('PUT', $url, [
            'Authorization' => 'Bearer ' . $config->requireApiKey(),
            'Accept' => 'application/json',
        ]);
        $log->write('SuspendAccount', ['method' => 'PUT', 'url' => $url], $response->describe());
        if ($response->failed()) {
            throw new EmaModuleException('Cannot reach ' . $config->archiveHost() . ': ' . $response->error);
        }
        if ($response->status !== 200) {
            throw new EmaModuleException('Suspension refused by Easy Mail Archive: HTTP ' . $response->status);
        }
    } catch (Throwable $e) {
        return $log->failure('SuspendAccount', $params, $e);
    }
    return 'success';
}

/** The synchronous design's create: the tenant is created through the archive API inside the call. */
function easymailarchive_inline_CreateAccount(array $params)
{
    $log = EmaModuleLog::forParams($params);
    try {
        $config = EmaServerConfig::fromParams($params);
        $slug = EmaEventBuilder::customField($params, EmaEventBuilder::REQUESTED_SLUG_FIELDS);
        if ($slug === null || $slug === '') {
            throw new EmaModuleException('No requested slug on the service');
        }
        $url = $config->archiveBaseUrl() . EmaArchiveClient::TENANTS_PATH;
        $body = json_encode(['slug' => $slug, 'name' => (string) ($params['clientsdetails']['companyname'] ?? $slug)]);
        $response = (new EmaHttpClient())->send('POST', $url, [
            'Authorization' => 'Bearer ' . $config->requireApiKey(),
            'Accept' => 'application/json',
            'Content-Type' => 'application/json',
        ], $body);
        $log->write('CreateAccount', ['method' => 'POST', 'url' => $url, 'body' => $body], $response->describe());
        if ($response->failed()) {
            throw new EmaModuleException('Cannot reach ' . $config->archiveHost() . ': ' . $response->error);
        }
        if ($response->status !== 201 && $response->status !== 200) {
            throw new EmaModuleException('Tenant refused by Easy Mail Archive: HTTP ' . $response->status);
        }
    } catch (Throwable $e) {
        return $log->failure('CreateAccount', $params, $e);
    }
    return 'success';
}
