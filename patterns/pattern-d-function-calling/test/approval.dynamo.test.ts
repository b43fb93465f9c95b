/** Approval (REQUIRE_CONFIRMATION) through pattern D's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { build as buildPatternD } from '../src/handler';

approvalInDynamo('d', buildPatternD, { it, expect });
