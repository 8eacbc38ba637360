// Writes properties/fixtures/campaign-essence.json: run only when a change is meant to alter what campaigns find.
import fs from 'node:fs';
import path from 'node:path';
import { campaignEssence } from '../properties/support/campaignEssence';

fs.writeFileSync(path.join(__dirname, '..', 'properties', 'fixtures', 'campaign-essence.json'), JSON.stringify(campaignEssence()) + '\n');
