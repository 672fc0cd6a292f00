-- Property values can be personal data (email, phone, name). Processing reads none of them (it
-- reads the contact from HubSpot), and markProcessed now drops them; this forgets the values
-- of events processed before that change (#12).
update webhook_events set payload = payload - 'propertyValue'
 where processed_at is not null and payload ? 'propertyValue';
