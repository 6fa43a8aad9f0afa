<?php

/** The v1 event each action sends, pinned field by field, and the request signature. */
final class EventBuilderTest extends ModuleTestCase
{
    private const ID = '0b5c7a8e-4f1d-4c3a-9e2b-7d6f5a4b3c21';
    private const AT = '2026-11-26T19:31:08.123456Z';

    private function build(string $type, array $params): array
    {
        return (new EmaEventBuilder())->build($type, self::ID, self::AT, $params);
    }

    public function testCreateEventCarriesClientAndProductOptions(): void
    {
        $event = $this->build(EmaEventBuilder::CREATE, self::params());

        self::assertSame(
            '{"eventId":"0b5c7a8e-4f1d-4c3a-9e2b-7d6f5a4b3c21","type":"service.create",'
            . '"occurredAt":"2026-11-26T19:31:08.123456Z","serviceId":1042,"clientId":7,"productId":3,"serverId":2,'
            . '"domain":"acme.example",'
            . '"client":{"companyName":"Acme Corporation","firstName":"Jane","lastName":"Doe",'
            . '"email":"jane@acme.example"},'
            . '"options":{"slugPrefix":"myco-","autoGenerateSlug":true,"requestedSlug":"acme-corp","plan":"business"}}',
            EmaEventBuilder::toJson($event)
        );
    }

    public function testSuspendEventCarriesTheReasonAndNoCreateFields(): void
    {
        $event = $this->build(EmaEventBuilder::SUSPEND, self::params());

        self::assertSame(
            [
                'eventId' => self::ID,
                'type' => 'service.suspend',
                'occurredAt' => self::AT,
                'serviceId' => 1042,
                'clientId' => 7,
                'productId' => 3,
                'serverId' => 2,
                'suspendReason' => 'Overdue on Payment',
            ],
            $event
        );
    }

    public static function plainTypes(): array
    {
        return [[EmaEventBuilder::UNSUSPEND], [EmaEventBuilder::TERMINATE]];
    }

    /** @dataProvider plainTypes */
    public function testUnsuspendAndTerminateCarryOnlyTheIds(string $type): void
    {
        $event = $this->build($type, self::params());

        self::assertSame(
            ['eventId' => self::ID, 'type' => $type, 'occurredAt' => self::AT, 'serviceId' => 1042,
                'clientId' => 7, 'productId' => 3, 'serverId' => 2],
            $event
        );
    }

    public function testEmptyOptionalFieldsAreOmitted(): void
    {
        $event = $this->build(EmaEventBuilder::CREATE, [
            'serviceid' => 5,
            'userid' => 0,
            'domain' => '  ',
            'clientsdetails' => ['companyname' => '', 'firstname' => 'Jane'],
            'customfields' => [],
            'configoption1' => '',
            'configoption2' => '',
            'configoption3' => '',
        ]);

        self::assertSame(
            ['eventId' => self::ID, 'type' => 'service.create', 'occurredAt' => self::AT, 'serviceId' => 5,
                'client' => ['firstName' => 'Jane'], 'options' => ['autoGenerateSlug' => false]],
            $event
        );
        self::assertArrayNotHasKey('suspendReason', $this->build(EmaEventBuilder::SUSPEND, ['serviceid' => 5]));
    }

    public static function requestedSlugFields(): array
    {
        return [
            'as named in the docs' => [['Requested slug' => 'acme']],
            'other case' => [['REQUESTED SLUG' => 'acme']],
            'with a customer-facing label' => [['requested slug|Archive name you would like' => 'acme']],
            'desired slug' => [['Desired slug' => ' acme ']],
        ];
    }

    /** @dataProvider requestedSlugFields */
    public function testRequestedSlugComesFromTheCustomField(array $customFields): void
    {
        $event = $this->build(EmaEventBuilder::CREATE, ['serviceid' => 9, 'customfields' => $customFields]);

        self::assertSame('acme', $event['options']['requestedSlug']);
    }

    public function testTheWorkerWrittenSlugIsNotARequestedSlug(): void
    {
        $event = $this->build(EmaEventBuilder::CREATE, ['serviceid' => 9, 'customfields' => ['Archive slug' => 'old']]);

        self::assertArrayNotHasKey('options', $event);
    }

    public function testJsonKeepsUnicodeAndSlashesReadable(): void
    {
        $event = $this->build(
            EmaEventBuilder::CREATE,
            ['serviceid' => 9, 'clientsdetails' => ['companyname' => 'Müller & Söhne A/S']]
        );

        self::assertStringContainsString('"companyName":"Müller & Söhne A/S"', EmaEventBuilder::toJson($event));
    }

    public function testEventIdIsARandomVersion4Uuid(): void
    {
        $ids = array_map(static fn () => EmaEventBuilder::newEventId(), range(1, 50));

        foreach ($ids as $id) {
            self::assertMatchesRegularExpression(
                '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/',
                $id
            );
        }
        self::assertCount(50, array_unique($ids));
    }

    public function testOccurredAtIsUtcWithSixFractionDigits(): void
    {
        $now = EmaEventBuilder::now();

        self::assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/', $now);
        self::assertEqualsWithDelta(time(), (new DateTimeImmutable($now))->getTimestamp(), 2);
    }

    public function testUnknownTypeIsRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);

        $this->build('service.delete', self::params());
    }

    public function testSignatureMatchesTheKnownVector(): void
    {
        self::assertSame(
            'sha256=0b9264fda54556283813465a43eddec10242b60c943181e40f151def0d6d11ba',
            EmaGatewayClient::sign('secret', 1790000000, '{"eventId":"x"}')
        );
    }
}
