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

    public function testControlCharactersAreStrippedFromEveryTextValue(): void
    {
        $event = $this->build(EmaEventBuilder::CREATE, self::params([
            'domain' => "acme\x0B.example",
            'clientsdetails' => [
                'companyname' => "Null\0Byte GmbH",
                'firstname' => "\x1B[31mJane\x7F",
                'lastname' => "Doe\u{0085}\u{009F}",
                'email' => "jane@acme.example\x0C",
            ],
            'customfields' => ['Requested slug' => "acme\x01-corp"],
            'configoption1' => "my\x08co-",
            'configoption3' => "\x00business\x00",
        ]));

        self::assertSame('acme.example', $event['domain']);
        self::assertSame(
            ['companyName' => 'NullByte GmbH', 'firstName' => '[31mJane', 'lastName' => 'Doe',
                'email' => 'jane@acme.example'],
            $event['client']
        );
        self::assertSame('myco-', $event['options']['slugPrefix']);
        self::assertSame('acme-corp', $event['options']['requestedSlug']);
        self::assertSame('business', $event['options']['plan']);
        self::assertDoesNotMatchRegularExpression('/\\\\u00[01][0-9a-f]|\\\\u007f/i', EmaEventBuilder::toJson($event));
    }

    public function testTabsNewlinesAndOtherCharactersAreKept(): void
    {
        $reason = "Overdue\tinvoice #12\r\nsecond line: Müller 😀 \u{00A0}ok";

        $event = $this->build(EmaEventBuilder::SUSPEND, self::params(['suspendreason' => $reason]));

        self::assertSame($reason, $event['suspendReason']);
    }

    public function testInvalidUtf8AndEncodedSurrogatesBecomeReplacementCharacters(): void
    {
        // "\xED\xA0\x80" is U+D800 encoded as if it were a character: never valid UTF-8
        $event = $this->build(
            EmaEventBuilder::SUSPEND,
            self::params(['suspendreason' => "late \xED\xA0\x80 \xC3( pay\x00"])
        );

        self::assertSame("late \u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD}( pay", $event['suspendReason']);
        self::assertStringNotContainsStringIgnoringCase('\\ud8', EmaEventBuilder::toJson($event));
    }

    public function testAValueOfOnlyControlCharactersIsOmitted(): void
    {
        $event = $this->build(EmaEventBuilder::SUSPEND, self::params(['suspendreason' => "\x00\x1B \x7F"]));

        self::assertArrayNotHasKey('suspendReason', $event);
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
