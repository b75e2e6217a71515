import { createApi } from '#lib/api.ts';
import { required } from '#lib/load.ts';
import { ModelShapeError, parseMonitorModel } from '#lib/monitor-model.ts';
import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
	const raw = await required(() => createApi(fetch).GET('/api/monitor/model'));
	try {
		return { model: parseMonitorModel(raw) };
	} catch (cause) {
		if (cause instanceof ModelShapeError) error(502, `The API's scoring model is not in the expected shape: ${cause.message}.`);
		throw cause;
	}
};
