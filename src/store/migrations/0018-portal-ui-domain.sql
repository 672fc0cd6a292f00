-- The portal's HubSpot app domain (GET /account-info/2026-03/details `uiDomain`): record links
-- on the card and the home page are built on it, so EU portals (app-eu1.hubspot.com) get theirs.
alter table portals add column ui_domain text;
