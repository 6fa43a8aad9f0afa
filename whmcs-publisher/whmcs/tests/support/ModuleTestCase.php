<?php

use PHPUnit\Framework\TestCase;

/** A fresh database and Module Log per test, and realistic module call parameters. */
abstract class ModuleTestCase extends TestCase
{
    protected const API_KEY = 'ema_live_R3seller-K3y';
    protected const GATEWAY_SECRET = 'gw-Shared-S3cret';

    protected function setUp(): void
    {
        parent::setUp();
        \WHMCS\Database\Capsule::reset();
        ModuleLogRecorder::reset();
        WhmcsHooks::$activity = [];
    }

    /** What WHMCS passes to a module function for a typical service. */
    protected static function params(array $overrides = []): array
    {
        return array_replace([
            'serviceid' => '1042',
            'userid' => '7',
            'pid' => '3',
            'serverid' => '2',
            'domain' => 'acme.example',
            'username' => 'acmeexam',
            'password' => 'Svc-Passw0rd!',
            'status' => 'Active',
            'producttype' => 'other',
            'moduletype' => 'easymailarchive',
            'clientsdetails' => [
                'userid' => '7',
                'companyname' => 'Acme Corporation',
                'firstname' => 'Jane',
                'lastname' => 'Doe',
                'email' => 'jane@acme.example',
                'country' => 'GB',
            ],
            'customfields' => ['Requested slug' => 'acme-corp', 'Archive slug' => '', 'Archive URL' => ''],
            'configoption1' => 'myco-',
            'configoption2' => 'on',
            'configoption3' => 'business',
            'serverhostname' => 'api.easymailarchive.com',
            'serverusername' => 'https://gateway.example.com',
            'serverpassword' => self::API_KEY,
            'serveraccesshash' => self::GATEWAY_SECRET,
            'serversecure' => true,
            'suspendreason' => 'Overdue on Payment',
        ], $overrides);
    }

    protected static function assertNoSecretLogged(): void
    {
        $logged = ModuleLogRecorder::loggedText();
        self::assertStringNotContainsString(self::API_KEY, $logged, 'the reseller API key was logged');
        self::assertStringNotContainsString(self::GATEWAY_SECRET, $logged, 'the gateway secret was logged');
        self::assertStringNotContainsString('Svc-Passw0rd!', $logged, 'the service password was logged');
    }
}
